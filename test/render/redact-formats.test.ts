import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/render/index.ts';
import type { RenderFormat } from '../../src/render/index.ts';
import { fullPlan, hugePlan, inputOf, unsafePlan } from './fixtures.ts';

/** Anything shaped like an address, as loosely as a reader would spot one. */
const ADDRESS = /[^\s@]+@[^\s@]+\.[a-z]+/g;
/** The redacted form `a***@acme.com#1a2b3c`, removed before looking for addresses. */
const REDACTED = /[^\s@]\*\*\*@[^\s@#]+#[0-9a-f]{6}/gu;

const leftovers = (text: string): string[] => text.replace(REDACTED, '<redacted>').match(ADDRESS) ?? [];
const formats: RenderFormat[] = ['text', 'markdown', 'json'];
const inputs = [inputOf(fullPlan()), inputOf(unsafePlan(), ['acme-claude']), inputOf(hugePlan())];

describe('--redact-emails', () => {
  it.each(formats)('leaves no address in %s, with colour on or off', (format) => {
    for (const input of inputs) {
      for (const color of [false, true]) {
        const text = renderPlan(format, input, { color, redactEmails: true });
        expect(leftovers(text)).toEqual([]);
        expect(text).toMatch(REDACTED);
      }
    }
  });

  it.each(formats)('would find the addresses in %s without it', (format) => {
    const found = leftovers(renderPlan(format, inputOf(fullPlan()), { color: false, redactEmails: false }));
    expect(found.some((match) => match.includes('alice@acme.com'))).toBe(true);
  });

  it('leaves out first names and messages, and redacts the same address the same way everywhere', () => {
    const json = renderPlan('json', inputOf(fullPlan()), { color: false, redactEmails: true });
    expect(renderPlan('json', inputOf(fullPlan()), { color: false, redactEmails: false })).toContain('"first_name": "Alice"');
    expect(json).not.toMatch(/"first_name"|"message"|Welcome to Acme/);
    expect(json).toContain('"email": "a***@acme.com#0a0a58"');
    expect(renderPlan('markdown', inputOf(fullPlan()), { color: false, redactEmails: true })).toContain('+ a***@acme.com#0a0a58');
  });
});
