// Fitting a markdown plan into GitHub's comment size: cutting long sections with a note.
import type { ChangeAction } from '../model.ts';
import { totalOf, type ChangeCounts } from './input.ts';
import { fenceFor } from './markdown-escape.ts';
import { describeChanges, formatCount } from './words.ts';

/** One invitee's lines in an org's diff block (or a line standing for elided invitees, with no action). */
export interface DiffRow {
  lines: readonly string[];
  action?: ChangeAction;
}

/** One org's part of the document: markdown shown above its diff block, and the block's rows. */
export interface MarkdownSection {
  intro: string;
  rows: readonly DiffRow[];
}

/** What the head needs to know about what was cut. */
export interface HeadCut {
  /** Changes whose rows are not shown. */
  hidden: ChangeCounts;
  /** Whether anything at all was cut (rows, orgs or table rows). */
  cut: boolean;
  /** How many summary-table rows to show. */
  tableRows: number;
}

/** A document to fit: a head that is always shown (cut only in its table, as a last resort) and org sections. */
export interface MarkdownDoc {
  head(cut: HeadCut): string;
  tableRows: number;
  sections: readonly MarkdownSection[];
}

/** Diff blocks longer than this go inside `<details>`, so a long org doesn't bury the next one. */
export const DETAILS_AFTER_LINES = 30;

interface Cut {
  /** Rows shown per kept section, counted in the order rows are kept (see {@link fitMarkdown}). */
  shown: readonly number[];
  /** Sections kept (the first n); the rest are named in one note. */
  sections: number;
  tableRows: number;
}

/** Cut last to first: revokes and member removals, then re-invites and role changes, then invites, then unchanged context. */
const TIER: Readonly<Record<ChangeAction, number>> = { delete: 0, 'remove-member': 0, replace: 1, 'change-role': 1, create: 2 };
const TIERS = 4;
const tierOf = (row: DiffRow): number => (row.action === undefined ? TIERS - 1 : TIER[row.action]);

/**
 * Renders the document within `maxLength` characters. When the whole does not fit it cuts, in this
 * order: rows of the diff blocks by kind, so a revoke or member removal is never hidden while an
 * invite is shown (unchanged context goes first, then invites, then re-invites and role changes,
 * then revokes and removals), within a kind the largest blocks first (one character cap for every
 * block); then whole org sections from the end; then summary-table rows. Every cut is said in a
 * note, and cuts happen only between invitees, outside fences and `<details>`, so the markdown
 * stays balanced. Throws when even the head with no table rows does not fit.
 */
export function fitMarkdown(doc: MarkdownDoc, maxLength: number): string {
  const sections = doc.sections;
  // Each section's rows in the order they are kept: by kind, then as listed.
  const orders = sections.map((section) => section.rows.map((row, index) => ({ row, index })).sort((a, b) => tierOf(a.row) - tierOf(b.row) || a.index - b.index));
  const render = (cut: Cut): string => compose(doc, orders, cut);
  const fits = (cut: Cut): boolean => render(cut).length <= maxLength;

  const full: Cut = { shown: sections.map((section) => section.rows.length), sections: sections.length, tableRows: doc.tableRows };
  if (fits(full)) return render(full);

  // Per section and kind: rows of lower kinds (all shown), and the prefix sums of this kind's rows.
  const below = orders.map((order) => Array.from({ length: TIERS }, (_, tier) => order.filter(({ row }) => tierOf(row) < tier).length));
  const prefixes = orders.map((order) => Array.from({ length: TIERS }, (_, tier) => rowPrefix(order.filter(({ row }) => tierOf(row) === tier).map(({ row }) => row))));
  const capped = (tier: number, cap: number): Cut => ({
    ...full,
    shown: prefixes.map((byTier, i) => (below[i]?.[tier] ?? 0) + rowsWithin(byTier[tier] ?? [0], cap)),
  });
  if (fits(capped(0, 0))) {
    let tier = 0;
    while (tier < TIERS - 1 && fits(capped(tier + 1, 0))) tier += 1;
    const widest = Math.max(0, ...prefixes.map((byTier) => byTier[tier]?.[byTier[tier]!.length - 1] ?? 0));
    return render(capped(tier, largestFitting(0, widest, (cap) => fits(capped(tier, cap)))));
  }

  const none = sections.map(() => 0);
  const kept = (n: number): Cut => ({ ...full, shown: none, sections: n });
  if (fits(kept(0))) return render(kept(largestFitting(0, sections.length, (n) => fits(kept(n)))));

  const rows = (n: number): Cut => ({ shown: none, sections: 0, tableRows: n });
  if (!fits(rows(0))) throw new RangeError(`the plan's summary does not fit in ${formatCount(maxLength)} characters`);
  return render(rows(largestFitting(0, doc.tableRows, (n) => fits(rows(n)))));
}

type Order = readonly { row: DiffRow; index: number }[];

function compose(doc: MarkdownDoc, orders: readonly Order[], cut: Cut): string {
  const hidden: ChangeCounts = { create: 0, replace: 0, delete: 0, 'change-role': 0, 'remove-member': 0 };
  let cutAny = cut.tableRows < doc.tableRows || cut.sections < doc.sections.length;
  const parts: string[] = [];
  doc.sections.forEach((section, index) => {
    const order = orders[index] ?? [];
    const count = index < cut.sections ? (cut.shown[index] ?? 0) : 0;
    const rest = order.slice(count).map(({ row }) => row);
    for (const row of rest) if (row.action !== undefined) hidden[row.action] += 1;
    if (rest.length > 0) cutAny = true;
    // Shown rows go back into the block's own (email) order.
    const shown = order.slice(0, count).sort((a, b) => a.index - b.index).map(({ row }) => row);
    if (index < cut.sections) parts.push(renderSection(section, shown, rest));
  });
  const dropped = doc.sections.length - cut.sections;
  if (dropped > 0) {
    parts.push(`… ${formatCount(dropped)} more ${dropped === 1 ? 'org' : 'orgs'} not shown; run \`invitectl plan\` for the full list.`);
  }
  return `${[doc.head({ hidden, cut: cutAny, tableRows: cut.tableRows }), ...parts].join('\n\n')}\n`;
}

function renderSection(section: MarkdownSection, shown: readonly DiffRow[], rest: readonly DiffRow[]): string {
  const parts = [section.intro];
  const lines = shown.flatMap((row) => row.lines);
  if (lines.length > 0) parts.push(diffBlock(lines));
  if (rest.length > 0) parts.push(hiddenNote(rest, shown.length > 0));
  return parts.join('\n\n');
}

function diffBlock(lines: readonly string[]): string {
  const fence = fenceFor(lines);
  const block = `${fence}diff\n${lines.join('\n')}\n${fence}`;
  if (lines.length <= DETAILS_AFTER_LINES) return block;
  // The blank line after </summary> is what makes GitHub render the fence inside <details>.
  return `<details><summary>Show the diff (${formatCount(lines.length)} lines)</summary>\n\n${block}\n\n</details>`;
}

/** What a cut block leaves out; with nothing shown, the section's own counts already say which changes. */
function hiddenNote(rows: readonly DiffRow[], shownAny: boolean): string {
  const counts: ChangeCounts = { create: 0, replace: 0, delete: 0, 'change-role': 0, 'remove-member': 0 };
  for (const row of rows) if (row.action !== undefined) counts[row.action] += 1;
  const changes = totalOf(counts);
  if (changes === 0) return `… ${formatCount(rows.length)} more ${rows.length === 1 ? 'line' : 'lines'} without changes not shown.`;
  const noun = changes === 1 ? 'change' : 'changes';
  const rest = shownAny ? `${formatCount(changes)} more ${noun} not shown (${describeChanges(counts, true)})` : `${formatCount(changes)} ${noun} not shown`;
  return `… ${rest}; run \`invitectl plan\` for the full list.`;
}

/** `prefix[k]` = characters taken by the first k rows (each line plus its newline). */
function rowPrefix(rows: readonly DiffRow[]): number[] {
  const prefix = [0];
  let sum = 0;
  for (const row of rows) {
    for (const line of row.lines) sum += line.length + 1;
    prefix.push(sum);
  }
  return prefix;
}

/** The most rows whose characters stay within `cap` (binary search over the prefix sums). */
function rowsWithin(prefix: readonly number[], cap: number): number {
  return largestFitting(0, prefix.length - 1, (k) => (prefix[k] ?? Infinity) <= cap);
}

/** The largest n in [low, high] with `ok(n)`, given `ok(low)`; by bisection, so `ok` should be (nearly) monotone. */
function largestFitting(low: number, high: number, ok: (n: number) => boolean): number {
  let lo = low;
  let hi = high + 1;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
