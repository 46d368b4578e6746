// The pure planner rows: planChanges on 100k and 1M items, one fresh process per run (planner-child.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { atMost, type BenchRow } from './table.ts';

const CHILD = fileURLToPath(new URL('./planner-child.ts', import.meta.url));

/** One size's run in its own process. */
export interface PlannerRun {
  size: number;
  firstMs: number;
  changes: number;
  /** RSS once the inputs are built, before planning. */
  inputsRssMb: number;
  peakRssMb: number;
}

/** What the planner runs measured. */
export interface PlannerMeasurement {
  /** Each 100k run (a fresh process each) and the median taken. */
  small: PlannerRun[];
  /** Each 1M run (a fresh process each). */
  large: PlannerRun[];
  largeMs: number;
  smallMs: number;
  smallRssMb: number;
  /** RSS of a Node process that does nothing, for scale. */
  emptyRssMb: number;
}

function runChild(size: number): PlannerRun {
  const result = spawnSync(process.execPath, [CHILD, String(size)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`planner child (${size}) failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as PlannerRun;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * The pure planner, no HTTP: 100,000 desired vs 100,000 current (three fresh processes, the
 * median), then 1,000,000 vs 1,000,000 the same way. Time is one cold `planChanges` call, as the CLI
 * makes; peak RSS is the whole process's, data included.
 */
export function benchPlanner(): { rows: BenchRow[]; measurement: PlannerMeasurement } {
  const small = [runChild(100_000), runChild(100_000), runChild(100_000)];
  const large = [runChild(1_000_000), runChild(1_000_000), runChild(1_000_000)];
  const empty = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS / 1024))'], { encoding: 'utf8' });
  const measurement: PlannerMeasurement = {
    small,
    large,
    largeMs: median(large.map((run) => run.firstMs)),
    smallMs: median(small.map((run) => run.firstMs)),
    smallRssMb: median(small.map((run) => run.peakRssMb)),
    emptyRssMb: Number(empty.stdout),
  };
  const m = measurement;
  const mix = `two orgs; 80 % unchanged, 5 % role changes, 5 % expired, 10 % creates, 10 % deletes, one ignore glob; ${small[0]!.changes} changes`;
  return {
    rows: [
      atMost('planner 100k vs 100k: time', m.smallMs, 500, 'ms', 1, `budget 500 ms (the target, not a floor); one cold planChanges call, median of 3 processes (${small.map((run) => Math.round(run.firstMs)).join(', ')} ms); ${mix}`),
      atMost('planner 100k vs 100k: peak RSS', m.smallRssMb, 250, 'MB', 1, `budget 250 MB; maxRSS of the whole process, inputs included (inputs built: ${Math.round(median(small.map((run) => run.inputsRssMb)))} MB; an empty node process: ${Math.round(m.emptyRssMb)} MB)`),
      atMost(
        'planner 1M vs 1M: time',
        m.largeMs,
        10 * m.smallMs,
        'ms',
        1.2,
        `floor: linear, 10 × the 100k time; 1M vs 1M (median of 3: ${large.map((run) => Math.round(run.firstMs)).join(', ')} ms) is ${(m.largeMs / m.smallMs).toFixed(1)}× the 100k time (target ≤ 12×); peak RSS ${Math.round(median(large.map((run) => run.peakRssMb)))} MB`,
        '≤ 1.2 (12×)',
      ),
    ],
    measurement,
  };
}
