// Row 6: how long `node dist/invitectl.js --version` takes to start, next to `node -e 0`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { BUNDLE, ROOT } from './cli-process.ts';
import { atMost, type BenchRow } from './table.ts';


/** What the cold-start runs measured (medians over interleaved runs). */
export interface ColdStartMeasurement {
  runs: number;
  cliMs: number;
  nodeMs: number;
  /** `invitectl validate -c invites.example.yaml`: a start that loads the whole CLI (no target; for scale). */
  validateMs: number;
  bundleBytes: number;
  node: string;
}

function timeRun(args: readonly string[], expected: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0 || !result.stdout.startsWith(expected)) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

/** Every file of the built CLI: the entry and its chunks. */
function bundleBytes(): number {
  return readdirSync(`${ROOT}dist`, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(`${entry.parentPath}/${entry.name}`).size, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Times (dist/ is built by run.ts first) `node dist/invitectl.js --version` against `node -e 0`, both
 * with the Node running the bench, interleaved so that machine noise hits both alike.
 */
export function benchColdStart(runs = 30): { rows: BenchRow[]; measurement: ColdStartMeasurement } {
  const version = (JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: ROOT, encoding: 'utf8' }).stdout) as string).trim();
  const cli: number[] = [];
  const bare: number[] = [];
  const validate: number[] = [];
  for (let run = -3; run < runs; run++) {
    const a = timeRun(['-e', 'process.stdout.write("ok")'], 'ok');
    const b = timeRun([BUNDLE, '--version'], version);
    const c = run % 3 === 0 ? timeRun([BUNDLE, 'validate', '-c', 'invites.example.yaml'], 'invites.example.yaml: valid') : undefined;
    // The first runs warm the page cache (and Node's compile cache) and are dropped.
    if (run >= 0) {
      bare.push(a);
      cli.push(b);
      if (c !== undefined) validate.push(c);
    }
  }
  const measurement = { runs, cliMs: median(cli), nodeMs: median(bare), validateMs: median(validate), bundleBytes: bundleBytes(), node: process.version };
  return {
    rows: [
      atMost(
        'cold start: invitectl --version',
        measurement.cliMs,
        measurement.nodeMs,
        'ms',
        2,
        `median of ${runs} interleaved runs each; reference: node -e 0 with the same Node ${process.version}; dist/ ${Math.round(measurement.bundleBytes / 1024)} KiB (entry and chunks); ` +
          `a command that loads the whole CLI, validate -c invites.example.yaml: ${Math.round(measurement.validateMs)} ms (${(measurement.validateMs / measurement.nodeMs).toFixed(1)}×)`,
      ),
    ],
    measurement,
  };
}
