// `npm run bench`: every scenario of issue #8 against the emulators, side by side with the
// one-request-at-a-time baseline; prints the table and writes bench/results/latest.json.
import { execSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchApply } from './apply.ts';
import { benchColdStart } from './cold-start.ts';
import { benchPlan } from './plan-reads.ts';
import { benchPlanner } from './planner.ts';
import { benchRateLimit } from './rate-limit.ts';
import { formatTable, type BenchRow } from './table.ts';

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

function machine(): Record<string, string | number> {
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`, commit };
}

const started = performance.now();
const facts = machine();
process.stderr.write(`invitectl bench on ${facts['cpu']} (${facts['cores']} cores), Node ${facts['node']}\n`);
const rows: BenchRow[] = [];
const measurements: Record<string, unknown> = {};
const stage = async <T extends { rows: BenchRow[]; measurement?: unknown; measurements?: unknown }>(name: string, run: () => T | Promise<T>): Promise<void> => {
  const at = performance.now();
  process.stderr.write(`- ${name}…`);
  const result = await run();
  rows.push(...result.rows);
  measurements[name] = result.measurement ?? result.measurements;
  process.stderr.write(` ${((performance.now() - at) / 1000).toFixed(1)} s\n`);
};

await stage('cold start', () => benchColdStart());
await stage('planner', () => benchPlanner());
await stage('plan', () => benchPlan());
await stage('rate limit', () => benchRateLimit());
await stage('apply and baseline', () => benchApply());

const table = formatTable(rows);
const missed = rows.filter((row) => !row.met);
process.stdout.write(`\n${table}\n${rows.length - missed.length} of ${rows.length} targets met${missed.length ? `; missed: ${missed.map((row) => row.scenario).join('; ')}` : ''}.\n`);
await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
await writeFile(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), machine: facts, seconds: Math.round((performance.now() - started) / 1000), rows, measurements }, null, 2)}\n`);
process.stderr.write(`wrote ${RESULTS}\n`);
