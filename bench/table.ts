// The bench's rows and how they print: an aligned text table for the terminal, a markdown table for the README.

/** One line of the bench table: a measured value against its floor (or budget) and target. */
export interface BenchRow {
  scenario: string;
  /** What was measured, in `unit`; NaN when the run failed (see `error`). */
  measured: number;
  /** The best possible value (a floor), or the budget the issue sets. */
  floor: number;
  unit: string;
  /** measured ÷ floor, or reference ÷ measured for a speed-up; NaN when the run failed. */
  ratio: number;
  /** e.g. `≤ 1.15` or `≥ 7`. */
  target: string;
  met: boolean;
  /** How the floor was computed, and anything a reader needs to judge the number. */
  note: string;
  /** Why the run gave no number: the CLI's one-line reason. */
  error?: string;
  /** A measure of the machine, not of invitectl: no target, never counted as met or missed. */
  reference?: true;
}

/** A row whose ratio must stay at or under `max`. */
export function atMost(scenario: string, measured: number, floor: number, unit: string, max: number, note: string, target = `≤ ${max}`): BenchRow {
  const ratio = measured / floor;
  return { scenario, measured, floor, unit, ratio, target, met: ratio <= max, note };
}

/** A row for a speed-up: reference ÷ measured must reach `min`. */
export function atLeast(scenario: string, measured: number, reference: number, unit: string, min: number, note: string): BenchRow {
  const ratio = reference / measured;
  return { scenario, measured, floor: reference, unit, ratio, target: `≥ ${min}`, met: ratio >= min, note };
}

/** A row measuring the machine (what the same work costs without invitectl), printed with its ratio to the floor and no target. */
export function reference(scenario: string, measured: number, floor: number, unit: string, note: string): BenchRow {
  return { scenario, measured, floor, unit, ratio: measured / floor, target: 'reference', met: true, note, reference: true };
}

/** A row whose run failed: printed as failed with the reason, never met. */
export function failed(scenario: string, floor: number, unit: string, target: string, error: string, note: string): BenchRow {
  return { scenario, measured: Number.NaN, floor, unit, ratio: Number.NaN, target, met: false, note, error };
}

function cells(row: BenchRow): string[] {
  return [
    row.scenario,
    row.error === undefined ? `${round(row.measured)} ${row.unit}` : 'failed',
    `${round(row.floor)} ${row.unit}`,
    Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : '–',
    row.target,
    row.reference ? '–' : row.met ? 'yes' : 'NO',
  ];
}

const HEADER = ['scenario', 'measured', 'floor / budget', 'ratio', 'target', 'met'];

/** The table as aligned text, then how each floor is computed and why any run failed. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = rows.map(cells);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd();
  const notes = rows.map((row) => `  ${row.scenario}: ${row.error === undefined ? '' : `FAILED: ${row.error}; `}${row.note}`);
  return [line(HEADER), line(widths.map((width) => '-'.repeat(width))), ...lines.map(line), '', 'How each floor is computed:', ...notes, ''].join('\n');
}

/** The same rows as a markdown table (what the README's Performance section is made from), failures listed under it. */
export function formatMarkdown(rows: readonly BenchRow[], heading: string): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const table = [HEADER, HEADER.map((_, column) => (column >= 1 && column <= 3 ? '---:' : '---')), ...rows.map(cells)].map((values) => `| ${values.map(escape).join(' | ')} |`);
  const failures = rows.filter((row) => row.error !== undefined).map((row) => `- ${row.scenario} failed: ${row.error}`);
  return [heading, '', ...table, ...(failures.length > 0 ? ['', ...failures] : []), ''].join('\n');
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
