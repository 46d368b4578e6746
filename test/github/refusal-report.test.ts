// The refusal's job summary stays within its room and its fences stay balanced (#18.11).
import { describe, expect, it } from 'vitest';
import { formatRefusalAnnotation, formatRefusalSummary, type Refusal } from '../../src/github/refusal-report.ts';

const lines = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} acme: delete person${i}@acme.com (member)`);

describe('formatRefusalSummary', () => {
  const refusal: Refusal = {
    command: 'apply',
    reason: 'plan-changed',
    message: ['refusing to apply: the plan is stale', ...lines(5_000, '  +')].join('\n'),
    detail: ['**What changed since the reviewed plan:** 5000 appeared.', '', '```diff', ...lines(5_000, '+'), '```'].join('\n'),
  };

  it.each([3_000, 20_000, 200_000])('fits %i characters, cuts by whole lines, says so, and keeps fences balanced', (maxLength) => {
    const markdown = formatRefusalSummary(refusal, maxLength);
    expect(markdown.length).toBeLessThanOrEqual(maxLength);
    expect(markdown).toContain('**The plan changed since it was reviewed.** Nothing was written.');
    expect(markdown).toContain('**What to do:**');
    expect(markdown).toMatch(/… \d+ more lines not shown; see the step's log\./);
    expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('says "1 more line" when one line is cut', () => {
    const line = `  + acme: delete ${'x'.repeat(70)}@acme.com (member)`;
    const markdown = formatRefusalSummary({ command: 'apply', reason: 'plan-changed', message: ['refusing to apply: the plan is stale', line, line].join('\n'), detail: '' }, 300);
    expect(markdown).toContain("… 1 more line not shown; see the step's log.");
  });

  it('keeps the annotation to a few lines, on one workflow-command line', () => {
    const annotation = formatRefusalAnnotation(refusal);
    expect(annotation.split('\n')).toHaveLength(2);
    expect(annotation.match(/%0A/g)?.length).toBeLessThanOrEqual(8);
  });
});
