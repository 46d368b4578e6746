// `npm run bench`: the built CLI, as a process of its own, against emulators in processes of their own (issue #12);
// prints the table and writes bench/results/latest.json and latest.md. Flags: --slow, --only KEY,KEY, --table.
import { parseArgs } from 'node:util';
import { benchApply } from './apply.ts';
import { benchBigPlans } from './big-plan.ts';
import { killAll } from './children.ts';
import { buildCli } from './cli-process.ts';
import { benchColdStart } from './cold-start.ts';
import { removeConfigDirs } from './fixtures.ts';
import { benchPlanner } from './planner.ts';
import { benchPostHogReads } from './posthog-reads.ts';
import { benchRateLimit } from './rate-limit.ts';
import { JSON_FILE, machine, MARKDOWN_FILE, regenerateMarkdown, writeResults } from './results.ts';
import { failed, formatTable, type BenchRow } from './table.ts';

type StageResult = { rows: BenchRow[]; measurement?: unknown; measurements?: unknown };

/** Every stage, in the order it runs; `slow` ones run only with --slow (or BENCH_SLOW=1). */
const STAGES: readonly { key: string; slow?: boolean; run: () => StageResult | Promise<StageResult> }[] = [
  { key: 'cold-start', run: () => benchColdStart() },
  { key: 'planner', run: () => benchPlanner() },
  { key: 'big-plan', run: () => benchBigPlans() },
  { key: 'reads', run: () => benchPostHogReads() },
  { key: 'apply', run: () => benchApply() },
  { key: 'rate', run: () => benchRateLimit('fast') },
  { key: 'rate-slow', slow: true, run: () => benchRateLimit('slow') },
  { key: 'rate-sliding', slow: true, run: () => benchRateLimit('sliding') },
];

const { values } = parseArgs({
  options: { slow: { type: 'boolean', default: false }, only: { type: 'string' }, table: { type: 'boolean', default: false } },
  strict: true,
});

if (values.table) {
  process.stdout.write(await regenerateMarkdown());
  process.stderr.write(`wrote ${MARKDOWN_FILE} from ${JSON_FILE}\n`);
} else {
  await runBench(values.slow || process.env['BENCH_SLOW'] === '1', values.only?.split(',').map((key) => key.trim()));
}

async function runBench(slow: boolean, only: string[] | undefined): Promise<void> {
  const unknown = only?.filter((key) => !STAGES.some((stage) => stage.key === key));
  if (unknown && unknown.length > 0) throw new Error(`unknown stage ${unknown.join(', ')}; stages: ${STAGES.map((stage) => stage.key).join(', ')}`);
  const chosen = STAGES.filter((stage) => (only ? only.includes(stage.key) : !stage.slow || slow));
  const started = performance.now();
  const facts = machine();
  process.stderr.write(`invitectl bench on ${facts['cpu']} (${facts['cores']} cores), Node ${facts['node']}${slow ? ', with the slow rows' : ''}\n`);
  const rows: BenchRow[] = [];
  const measurements: Record<string, unknown> = {};
  try {
    process.stderr.write('- build dist/…');
    buildCli();
    process.stderr.write(' done\n');
    for (const stage of chosen) {
      const at = performance.now();
      process.stderr.write(`- ${stage.key}…`);
      try {
        const result = await stage.run();
        rows.push(...result.rows);
        measurements[stage.key] = result.measurement ?? result.measurements;
      } catch (error) {
        // One broken stage must not hide the others' numbers.
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        rows.push(failed(stage.key, Number.NaN, '', '', message, 'the stage threw'));
        process.exitCode = 1;
      } finally {
        killAll();
      }
      process.stderr.write(` ${((performance.now() - at) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    killAll();
    await removeConfigDirs();
  }
  const targets = rows.filter((row) => !row.reference);
  const missed = targets.filter((row) => !row.met);
  process.stdout.write(`\n${formatTable(rows)}\n${targets.length - missed.length} of ${targets.length} targets met${missed.length ? `; missed: ${missed.map((row) => row.scenario).join('; ')}` : ''}.\n`);
  if (only) {
    process.stderr.write('--only: results not written (a partial run would replace the full table)\n');
    return;
  }
  await writeResults({ date: new Date().toISOString(), machine: facts, seconds: Math.round((performance.now() - started) / 1000), slow, rows, measurements });
  process.stderr.write(`wrote ${JSON_FILE} and ${MARKDOWN_FILE}\n`);
}
