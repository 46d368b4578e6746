import { describe, expect, it } from 'vitest';
import type { Change, Plan } from '../../src/model.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { emptyPlan, fullPlan, inputOf, unsafePlan } from './fixtures.ts';
import { structureProblems } from './markdown-structure.ts';

const options = { color: true, redactEmails: false };
const diffLines = (markdown: string): string[] => markdown.split('\n').filter((line) => /^[-+] /.test(line));

/** One PostHog org with `count` creates, to test how long blocks are laid out. */
function creates(count: number, name = 'acme-analytics', email = (i: number): string => `new${String(i).padStart(3, '0')}@acme.com`): Plan {
  const changes: Change[] = Array.from({ length: count }, (_, i) => ({ org: name, action: 'create', email: email(i), to: 'member' }));
  return { orgs: [{ name, provider: 'posthog', changes, kept: [], members: 1, pending: 0 }] };
}

describe('renderMarkdown', () => {
  it.each([
    ['full', inputOf(fullPlan())],
    ['empty', inputOf(emptyPlan())],
    ['unsafe', inputOf(unsafePlan(), ['acme-claude'])],
  ])('matches the %s snapshot', async (name, input) => {
    const markdown = renderMarkdown(input, options);
    await expect(markdown).toMatchFileSnapshot(`./__snapshots__/markdown-${name}.txt`);
    expect(structureProblems(markdown)).toEqual([]);
    expect(markdown).not.toContain('\x1b');
  });

  it('opens with the verdict and a summary table with safety per org', () => {
    const markdown = renderMarkdown(inputOf(unsafePlan(), ['acme-claude']), options);
    expect(markdown).toContain('**1 to invite, 0 to re-invite, 7 to revoke** across 2 orgs · ⚠️ 1 org exceeds the mass-delete limits');
    expect(markdown).toContain('| acme-analytics | posthog | 1 | 0 | 0 | 0 | ✅ |');
    expect(markdown).toContain('| acme-claude | anthropic | 0 | 0 | 7 | 2 | ⚠️ 7 revokes over limit |');
    expect(markdown).toContain('`--allow-mass-delete`');
    expect(renderMarkdown(inputOf(emptyPlan()), options)).toContain('\n**No changes** across 2 orgs\n');
  });

  it('diffs current against desired so +/- lines are exactly the changes', () => {
    expect(diffLines(renderMarkdown(inputOf(fullPlan()), options))).toEqual([
      '+ alice@acme.com            level: admin',
      '- dan@acme.com              level: member',
      '+ dan@acme.com              level: admin',
      '- erin@acme.com             level: member  (expired)',
      '+ erin@acme.com             level: member',
      '- eve@acme.com              level: member',
      '- bob@acme.com    role: user',
      '- carol@acme.com  role: user',
      '+ carol@acme.com  role: developer',
      '+ zoe@acme.com    role: claude_code_user',
    ]);
  });

  it('shows invitees without changes as context near a change, and one line for a longer run', () => {
    const markdown = renderMarkdown(inputOf(fullPlan()), options);
    expect(markdown).toContain('\n  frank@acme.com            level: admin   (already a member)\n');
    expect(markdown).toContain('\n  user01@acme.com           level: member\n@@ 11 invitees without changes @@\n');
    expect(markdown).toContain('\n  jill@acme.com   role: billing           (unmanaged)\n');
  });

  it('puts a diff of more than 30 lines inside <details>, with the blank line GitHub needs', () => {
    expect(renderMarkdown(inputOf(creates(30)), options)).not.toContain('<details>');
    const long = renderMarkdown(inputOf(creates(31)), options);
    expect(long).toContain('<details><summary>Show the diff (31 lines)</summary>\n\n```diff\n');
    expect(long).toContain('\n```\n\n</details>');
    expect(structureProblems(long)).toEqual([]);
  });

  it('escapes an org name so it cannot break the heading or the table', () => {
    const markdown = renderMarkdown(inputOf(creates(1, 'ops | `eu` <b>*x*</b>')), options);
    expect(markdown).toContain('### ops \\| \\`eu\\` \\<b\\>\\*x\\*\\</b\\> (posthog)');
    const row = markdown.split('\n').find((line) => line.startsWith('| ops')) ?? '';
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });

  it('picks a fence longer than any backticks in an email', () => {
    const markdown = renderMarkdown(inputOf(creates(2, 'acme', (i) => `we\`\`\`ird${i}@acme.com`)), options);
    expect(markdown).toContain('\n````diff\n+ we```ird0@acme.com');
    expect(structureProblems(markdown)).toEqual([]);
  });

  it('leaves orgs without changes to the table', () => {
    const markdown = renderMarkdown(inputOf(emptyPlan()), options);
    expect(markdown).not.toContain('###');
    expect(markdown).not.toContain('```');
  });
});
