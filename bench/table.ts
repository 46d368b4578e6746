/** One line of the bench table: a measured value against its floor (or reference) and target. */
export interface BenchRow {
  scenario: string;
  /** What was measured, in `unit`. */
  measured: number;
  /** The best possible value (a floor), or the reference a speed-up is taken against. */
  floor: number;
  unit: string;
  /** measured ÷ floor, or reference ÷ measured for a speed-up. */
  ratio: number;
  /** e.g. `≤ 1.15` or `≥ 7`. */
  target: string;
  met: boolean;
  /** How the floor was computed, and anything a reader needs to judge the number. */
  note: string;
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

/** The table as aligned text: scenario, measured, floor, ratio, target, met. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['scenario', 'measured', 'floor / ref', 'ratio', 'target', 'met'];
  const cells = rows.map((row) => [
    row.scenario,
    `${round(row.measured)} ${row.unit}`,
    `${round(row.floor)} ${row.unit}`,
    row.ratio.toFixed(2),
    row.target,
    row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd();
  const notes = rows.map((row) => `  ${row.scenario}: ${row.note}`);
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line), '', 'How each floor is computed:', ...notes, ''].join('\n');
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
