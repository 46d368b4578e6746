import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model.ts';
import { MARKDOWN_MAX_LENGTH, MARKDOWN_MIN_LENGTH, renderMarkdown } from '../../src/render/markdown.ts';
import { fullPlan, hugePlan, inputOf } from './fixtures.ts';
import { structureProblems } from './markdown-structure.ts';

const options = { color: false, redactEmails: false };
const huge = inputOf(hugePlan());
const hugeMarkdown = renderMarkdown(huge, options);
const HUGE_VERDICT = '**16,000 to invite, 2,000 to re-invite, 2,000 to revoke** across 3 orgs';
const HUGE_ROWS = [
  '| big-posthog | posthog | 9,997 | 2,000 | 500 | 3,000 | ✅ |',
  '| wide-claude | anthropic | 6,000 | 0 | 1,500 | 0 | ✅ |',
  '| small-posthog | posthog | 3 | 0 | 0 | 0 | ✅ |',
];
const number = (text: string): number => Number(text.replaceAll(',', ''));

/** How many invitees have +/- lines, counted per org section (orgs may share addresses): the changes a reader can see. */
const shownChanges = (markdown: string): number =>
  markdown
    .split('\n### ')
    .map((section) => new Set(section.split('\n').flatMap((line) => (/^[-+] /.test(line) ? [line.slice(2).split(' ')[0] ?? ''] : []))).size)
    .reduce((sum, size) => sum + size, 0);

describe('renderMarkdown on a 20,000-change plan', () => {
  it('stays under 60,000 characters', () => {
    expect(MARKDOWN_MAX_LENGTH).toBe(60_000);
    expect(hugeMarkdown.length).toBeLessThanOrEqual(60_000);
  });

  it('keeps the verdict, every table row and the fingerprint', () => {
    expect(hugeMarkdown).toContain(`\n${HUGE_VERDICT}\n`);
    for (const row of HUGE_ROWS) expect(hugeMarkdown).toContain(`\n${row}\n`);
    expect(hugeMarkdown).toContain(`Fingerprint: \`${huge.fingerprint}\``);
  });

  it('leaves fences and <details> balanced', () => {
    expect(structureProblems(hugeMarkdown)).toEqual([]);
  });

  it('says plainly what was cut, and the numbers add up', () => {
    const note = /This plan is cut to fit 60,000 characters: ([\d,]+) of 20,000 changes are not shown below\. Run `invitectl plan` for the full list\./.exec(hugeMarkdown);
    expect(note).not.toBeNull();
    const perOrg = [...hugeMarkdown.matchAll(/… ([\d,]+) (?:more changes not shown \(.*\)|changes? not shown); run `invitectl plan` for the full list\./g)];
    expect(perOrg.length).toBeGreaterThan(0);
    const hidden = perOrg.reduce((sum, match) => sum + number(match[1] ?? ''), 0);
    expect(number(note?.[1] ?? '')).toBe(hidden);
    expect(shownChanges(hugeMarkdown)).toBe(20_000 - hidden);
  });

  it('never hides a revoke while it shows an invite: revokes are cut last, after invites and re-invites', () => {
    const lines = hugeMarkdown.split('\n');
    // 2,000 revokes do not all fit in 60,000 characters: the room goes to them, none to invites.
    expect(lines.filter((line) => /^- gone\d+@/.test(line)).length).toBeGreaterThan(1_000);
    expect(lines.filter((line) => /^\+ (new|pair|solo)\d*@/.test(line))).toEqual([]);
  });
});

describe('cutting by kind (#18.10)', () => {
  const revokesLast = (orgs: number): Plan => ({
    orgs: Array.from({ length: orgs }, (_, o) => {
      const org = `org${o}`;
      return {
        name: org,
        provider: 'posthog' as const,
        // Invites sort before the revokes: a cut by email order would show invites and hide every revoke.
        changes: [
          ...Array.from({ length: 60 }, (_, i) => ({ org, action: 'delete' as const, email: `zz-revoked${String(i).padStart(3, '0')}@example.com`, from: 'member', inviteId: `i${i}`, inviteStatus: 'pending' as const })),
          ...Array.from({ length: 600 }, (_, i) => ({ org, action: 'create' as const, email: `aa-new${String(i).padStart(3, '0')}@example.com`, to: 'member' })),
        ],
        kept: [],
        members: 0,
        pending: 60,
      };
    }),
  });

  it.each([1, 3])('shows every revoke of %i orgs before any invite, and counts the invites it left out', (orgs) => {
    const markdown = renderMarkdown(inputOf(revokesLast(orgs)), { ...options, maxLength: 4_000 * orgs + 2_000 });
    expect(markdown.length).toBeLessThanOrEqual(4_000 * orgs + 2_000);
    expect(markdown.split('\n').filter((line) => /^- zz-revoked/.test(line))).toHaveLength(60 * orgs);
    expect(markdown).toMatch(/more changes not shown \([\d,]+ to invite\)/);
    expect(structureProblems(markdown)).toEqual([]);
  });
});

describe('renderMarkdown maxLength', () => {
  it.each([MARKDOWN_MIN_LENGTH, 5_000, 20_000, 65_536 - 200])('keeps a 20,000-change plan within %i characters', (maxLength) => {
    const markdown = renderMarkdown(huge, { ...options, maxLength });
    expect(markdown.length).toBeLessThanOrEqual(maxLength);
    expect(markdown).toContain(HUGE_VERDICT);
    expect(markdown).toContain('`invitectl plan` for the full list');
    expect(structureProblems(markdown)).toEqual([]);
  });

  it('uses more of a larger budget', () => {
    expect(renderMarkdown(huge, { ...options, maxLength: 65_336 }).length).toBeGreaterThan(hugeMarkdown.length);
  });

  it('cuts nothing when the plan fits', () => {
    const markdown = renderMarkdown(inputOf(fullPlan()), { ...options, maxLength: MARKDOWN_MIN_LENGTH });
    expect(markdown).not.toContain('not shown');
    expect(markdown).not.toContain('[!NOTE]');
  });

  it('drops org sections, then table rows, when there are too many orgs', () => {
    const orgs: Plan['orgs'] = Array.from({ length: 1_500 }, (_, i) => ({
      name: `org-${String(i).padStart(4, '0')}`,
      provider: 'anthropic',
      changes: [{ org: `org-${i}`, action: 'create', email: `user${i}@acme.com`, to: 'user' }],
      kept: [],
      members: 0,
      pending: 0,
    }));
    const markdown = renderMarkdown(inputOf({ orgs }), options);
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(markdown).toContain('**1,500 to invite, 0 to re-invite, 0 to revoke** across 1,500 orgs');
    expect(markdown).toMatch(/\| … [\d,]+ more orgs not shown \| \| \| \| \| \| \|/);
    expect(structureProblems(markdown)).toEqual([]);
  });

  it('drops whole diff blocks before whole orgs, and says so without repeating the counts', () => {
    const orgs: Plan['orgs'] = Array.from({ length: 40 }, (_, i) => ({
      name: `org-${i}`,
      provider: 'anthropic',
      changes: Array.from({ length: 50 }, (_, j) => ({ org: `org-${i}`, action: 'create', email: `user${j}@acme.com`, to: 'user' })),
      kept: [],
      members: 0,
      pending: 0,
    }));
    const markdown = renderMarkdown(inputOf({ orgs }), { ...options, maxLength: 5_000 });
    expect(markdown.length).toBeLessThanOrEqual(5_000);
    expect(markdown).toContain('### org-0 (anthropic)\n\n**50 to invite**\n\n… 50 changes not shown; run `invitectl plan` for the full list.');
    expect(markdown).toMatch(/\n… [\d,]+ more orgs not shown; run `invitectl plan` for the full list\.\n$/);
    expect(structureProblems(markdown)).toEqual([]);
  });

  it('refuses a limit too small for the summary', () => {
    expect(() => renderMarkdown(huge, { ...options, maxLength: MARKDOWN_MIN_LENGTH - 1 })).toThrow(RangeError);
  });
});
