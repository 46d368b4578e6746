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
