// What may be printed of untrusted text: controls and bidi removed, long quotes cut, JSON escaped.
import { describe, expect, it } from 'vitest';
import { cleanText, escapeJsonOutput, excerpt, safeMessage } from '../src/sanitize.ts';
// The registry adds the APIs' key shapes as it loads, as it does in every command that reads a key.
import '../src/providers/registry.ts';

describe('sanitize', () => {
  it('removes C0 (but tab), DEL, C1 and bidi characters; newline only in multi-line text', () => {
    const text = 'a\u0000b\u0007c\td\u001b[31me\u007ff\u0085g\u009bh\u202ai\u202ej\u2066k\u2069l\u200em\u200fn\u061co\rp\nq';
    expect(cleanText(text)).toBe('abc\td[31mefghijklmnop q');
    expect(cleanText(text, true)).toBe('abc\td[31mefghijklmnop\nq');
  });

  it('escapes in JSON what JSON.stringify leaves raw, so the JSON parses back to the same value', () => {
    const value = { text: 'x\u001b\u009b\u202e\u2066\u2028y' };
    const json = escapeJsonOutput(JSON.stringify(value));
    expect(json).not.toMatch(/[\u001b\u009b\u202e\u2066\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('quotes at most a short masked excerpt of a long input value', () => {
    expect(excerpt('short')).toBe('"short"');
    expect(excerpt('API_KEY=sk-ant-admin01-abcdefghijklmnopqrstuvwxyz')).toBe('"API_KEY=sk-ant-…"');
    expect(excerpt('DATABASE_PASSWORD=correct-horse-battery-staple')).toBe('"DATABASE_P…" (46 characters)');
    expect(safeMessage('expected object, got string "root:x:0:0:root:/root:/bin/bash daemon:x:1:1"')).toBe('expected object, got string "root:x:0:0…" (44 characters)');
    expect(safeMessage(`x${'y'.repeat(2000)}`)).toHaveLength(500 + '… (cut)'.length);
  });
});
