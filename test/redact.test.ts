import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../src/redact.ts';
// The registry adds the APIs' key shapes as it loads, as it does in every command that reads a key.
import '../src/providers/registry.ts';

describe('redact', () => {
  it('masks anything shaped like a PostHog or Anthropic key', () => {
    expect(redact('key phx_abcdefghijklmnop and sk-ant-admin01-ABCDEFGHIJ_kl and pha_zzzzzzzzzzzz')).toBe('key phx_… and sk-ant-… and pha_…');
  });

  it('masks GitHub tokens', () => {
    expect(redact('token ghs_abcdefghijklmnopqrstuvwxyz012345 and github_pat_11ABCDEFG0123456789_abcdefghijkl')).toBe('token ghs_… and github_pat_…');
  });

  it('masks a registered secret of any shape', () => {
    registerSecret('plain-secret-value-42');
    expect(redact('Authorization: plain-secret-value-42!')).toBe('Authorization: …!');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('invite alice@acme.com failed: 400')).toBe('invite alice@acme.com failed: 400');
  });
});

describe('redact: edges (mutation-tested)', () => {
  it.each([
    ['ghp_', 'ghp_…'],
    ['gho_', 'gho_…'],
    ['ghu_', 'ghu_…'],
    ['ghs_', 'ghs_…'],
    ['ghr_', 'ghr_…'],
  ])('masks a GitHub %s token to its prefix', (prefix, mask) => {
    expect(redact(`a ${prefix}${'A1'.repeat(10)} b`)).toBe(`a ${mask} b`);
  });

  it('leaves GitHub-like text that is not a token: too short, another letter, inside a word', () => {
    const text = `ghp_${'a'.repeat(19)} ghx_${'a'.repeat(30)} xghp_${'a'.repeat(30)} github_pat_${'a'.repeat(19)}`;
    expect(redact(text)).toBe(text);
    expect(redact(`github_pat_${'a_'.repeat(10)}`)).toBe('github_pat_…');
  });

  it('masks every occurrence of a shape and of a registered secret', () => {
    registerSecret('twice-secret-9');
    expect(redact(`phx_abcdefgh phx_ijklmnop twice-secret-9/twice-secret-9 ${'ghs_'.padEnd(24, 'z')} ${'ghs_'.padEnd(24, 'y')}`)).toBe('phx_… phx_… …/… ghs_… ghs_…');
  });

  it('registers secrets of 8 characters or more, and ignores shorter ones', () => {
    registerSecret('sevench');
    registerSecret('eightchr');
    expect(redact('sevench eightchr')).toBe('sevench …');
  });

  it('masks a registered secret that has a known shape to that shape\'s prefix', () => {
    registerSecret('sk-ant-01!!');
    expect(redact('key=sk-ant-01!!')).toBe('key=sk-ant-…');
  });
});

describe('redact: a registered secret that only contains a GitHub prefix (mutation-tested)', () => {
  it('masks it whole, keeping no prefix', () => {
    registerSecret('my-ghp_secret-value');
    expect(redact('x my-ghp_secret-value y')).toBe('x … y');
  });
});
