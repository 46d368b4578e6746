// fitMarkdown on a small synthetic document: every cut it makes as the budget shrinks, pinned, and the rules each cut keeps.
import { describe, expect, it } from 'vitest';
import { DETAILS_AFTER_LINES, fitMarkdown, type DiffRow, type HeadCut, type MarkdownDoc } from '../../src/render/markdown-fit.ts';
import type { ChangeAction } from '../../src/model.ts';

const head = (cut: HeadCut): string => {
  const h = cut.hidden;
  const table = Array.from({ length: cut.tableRows }, (_, i) => `| row ${i} |`);
  return [`HEAD cut=${cut.cut} hidden=${h.create}/${h.replace}/${h.delete}/${h['change-role']}/${h['remove-member']}`, ...table].join('\n');
};

const row = (text: string, action?: ChangeAction, lines = 1): DiffRow => ({
  lines: Array.from({ length: lines }, (_, i) => (i === 0 ? text : `  ${text} detail ${i}`).padEnd(70, '.')),
  ...(action === undefined ? {} : { action }),
});

const DOC: MarkdownDoc = {
  head,
  tableRows: 3,
  sections: [
    {
      intro: '### one',
      rows: [row('  ctx-1'), row('+ create-1', 'create', 2), row('~ replace-1', 'replace'), row('- delete-1', 'delete'), row('~ role-1', 'change-role'), row('- remove-1', 'remove-member')],
    },
    { intro: '### two', rows: [row('+ create-2', 'create'), row('+ create-3', 'create', 3), row('- delete-2', 'delete')] },
    { intro: '### three', rows: [row('  ctx-3')] },
  ],
};

/** Each distinct output as the budget shrinks one character at a time, with the largest budget that gives it. */
function cutsOf(doc: MarkdownDoc): Array<[number, string]> {
  const outputs: Array<[number, string]> = [];
  const full = fitMarkdown(doc, 100_000);
  for (let max = full.length; ; max -= 1) {
    let out: string;
    try {
      out = fitMarkdown(doc, max);
    } catch (error) {
      outputs.push([max, String(error)]);
      return outputs;
    }
    expect(out.length).toBeLessThanOrEqual(max);
    if (outputs.at(-1)?.[1] !== out) outputs.push([max, out]);
  }
}

describe('fitMarkdown', () => {
  // Computed inside each test, not while the file loads, so Stryker counts the coverage per test.
  it('cuts context, then invites, then re-invites and role changes, then revokes and removals, then orgs, then table rows', () => {
    const cuts = cutsOf(DOC);
    expect(cuts.map(([max, out]) => `@${max}\n${out}`).join('\n')).toMatchSnapshot();
  });

  it('never shows a row of a kind cut later while one of a kind cut earlier is hidden', () => {
    const tier: Record<string, number> = { ctx: 3, create: 2, replace: 1, role: 1, delete: 0, remove: 0 };
    for (const [, out] of cutsOf(DOC)) {
      for (const section of out.split('### ').slice(1)) {
        const shown = [...section.matchAll(/^[-+~ ] +(\w+)-\d\.+$/gm)].map((match) => tier[match[1]!]!);
        const all = section.startsWith('one') ? [3, 2, 1, 0, 1, 0] : section.startsWith('two') ? [2, 2, 0] : [3];
        const hidden = all.filter((t) => !shown.includes(t) || shown.filter((s) => s === t).length < all.filter((a) => a === t).length);
        if (shown.length > 0 && hidden.length > 0) expect(Math.max(...shown)).toBeLessThanOrEqual(Math.min(...hidden));
      }
    }
  });

  it('puts a block longer than the details threshold inside <details>', () => {
    const doc = (lines: number): MarkdownDoc => ({ head, tableRows: 0, sections: [{ intro: '### big', rows: [row('+ big-1', 'create', lines)] }] });
    expect(fitMarkdown(doc(DETAILS_AFTER_LINES), 100_000)).not.toContain('<details>');
    expect(fitMarkdown(doc(DETAILS_AFTER_LINES + 1), 100_000)).toContain(`<details><summary>Show the diff (${DETAILS_AFTER_LINES + 1} lines)</summary>\n\n\`\`\`diff\n`);
    expect(fitMarkdown(doc(DETAILS_AFTER_LINES + 1), 100_000)).toMatch(/\n```\n\n<\/details>\n$/);
  });

  it('fences a block with more backticks than any of its lines holds', () => {
    const doc: MarkdownDoc = { head, tableRows: 0, sections: [{ intro: '### x', rows: [row('+ a```b', 'create')] }] };
    expect(fitMarkdown(doc, 100_000)).toBe(`HEAD cut=false hidden=0/0/0/0/0\n\n### x\n\n\`\`\`\`diff\n${'+ a```b'.padEnd(70, '.')}\n\`\`\`\`\n`);
  });

  it('says one org or several orgs not shown, and one change or several', () => {
    const orgs = (n: number): MarkdownDoc => ({ head, tableRows: 0, sections: Array.from({ length: n }, (_, i) => ({ intro: `### org ${i}`, rows: [row(`- gone-${i}`, 'delete', i + 1)] })) });
    const outputs = cutsOf(orgs(3)).map(([, out]) => out);
    expect(outputs.filter((out) => out.includes('… 1 more org not shown; run `invitectl plan` for the full list.'))).not.toEqual([]);
    expect(outputs.filter((out) => out.includes('… 2 more orgs not shown; run `invitectl plan` for the full list.'))).not.toEqual([]);
    expect(outputs.filter((out) => out.includes('\n\n… 1 change not shown; run `invitectl plan` for the full list.'))).not.toEqual([]);
  });

  it('says it cut when only table rows were left out, and shows row-less orgs by their intros', () => {
    const tableOnly: MarkdownDoc = { head, tableRows: 5, sections: [] };
    const full = fitMarkdown(tableOnly, 100_000);
    expect(full.startsWith('HEAD cut=false')).toBe(true);
    expect(fitMarkdown(tableOnly, full.length - 1)).toBe('HEAD cut=true hidden=0/0/0/0/0\n| row 0 |\n| row 1 |\n| row 2 |\n| row 3 |\n');
    const rowless: MarkdownDoc = { head, tableRows: 0, sections: [{ intro: '### a', rows: [] }, { intro: '### b', rows: [] }] };
    const all = fitMarkdown(rowless, 100_000);
    expect(all).toBe('HEAD cut=false hidden=0/0/0/0/0\n\n### a\n\n### b\n');
  });
});
