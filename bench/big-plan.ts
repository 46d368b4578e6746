// Rows 1 and 2 of issue #12: `invitectl plan` of 20k + 20k and 100k + 100k invites, wall time and peak RSS of the CLI process.
import { bigSeeds, configDir, listedFor, sandboxConfig, type OrgMix } from './fixtures.ts';
import { cliEnv, reason, runCli, usesGnuTime, type CliRun } from './cli-process.ts';
import { median } from './floors.ts';
import { startRemoteSandbox } from './remote-sandbox.ts';
import { atMost, failed, type BenchRow } from './table.ts';

/** A plan size and the budgets for it. */
export interface PlanSize {
  perApi: number;
  timeBudgetMs: number;
  rssBudgetMb: number;
  /** Measured runs after one warm-up run. */
  runs: number;
}

/** The two sizes of issue #12. */
export const PLAN_SIZES: readonly PlanSize[] = [
  { perApi: 20_000, timeBudgetMs: 1500, rssBudgetMb: 250, runs: 3 },
  { perApi: 100_000, timeBudgetMs: 6000, rssBudgetMb: 600, runs: 1 },
];

/**
 * Who the listed people are in each org, a steady state: in PostHog 90 % hold pending invites and
 * 10 % are members; in Anthropic 2 % pending, 98 % members (its emulator checks every seeded pending
 * invite against all the others, quadratic, so 100k pending invites would take minutes to seed).
 */
export function mixesFor(perApi: number): { posthog: OrgMix; anthropic: OrgMix } {
  const split = (pendingShare: number): OrgMix => {
    const invites = Math.round(perApi * pendingShare);
    return { invites, members: perApi - invites };
  };
  return { posthog: split(0.9), anthropic: split(0.02) };
}

/** What one size measured, for the JSON file. */
export interface BigPlanMeasurement {
  perApi: number;
  configBytes: number;
  runs: { ms: number; peakRssMb: number | undefined; code: number | null }[];
  /** GET requests per run, both APIs. */
  pageRequests: number;
  error?: string;
}

/**
 * `node dist/invitectl.js plan --detailed-exitcode` of a config listing `perApi` people per API
 * against emulators (each in its own process, no latency) seeded with exactly those people, so
 * the plan is "no changes" (exit 0). One warm-up run (server JIT, Node's compile cache), then
 * `runs` measured ones: wall time spawn to exit, and the CLI process's peak RSS.
 */
export async function measureBigPlan(size: PlanSize): Promise<{ rows: BenchRow[]; measurement: BigPlanMeasurement }> {
  const mixes = mixesFor(size.perApi);
  const config = sandboxConfig(listedFor(mixes.posthog), listedFor(mixes.anthropic));
  const dir = await configDir(config);
  const label = `plan ${size.perApi / 1000}k + ${size.perApi / 1000}k`;
  const measurement: BigPlanMeasurement = { perApi: size.perApi, configBytes: Buffer.byteLength(config), runs: [], pageRequests: 0 };
  // Plan only reads: answering repeated pages from memory keeps the emulators' per-page sort out of the CLI's time.
  const sandbox = await startRemoteSandbox({ seed: bigSeeds(mixes.posthog, mixes.anthropic), cacheReads: true });
  try {
    const env = cliEnv(sandbox.env);
    const plan = () => runCli(['plan', '--detailed-exitcode'], { cwd: dir, env, timeoutMs: 10 * size.timeBudgetMs + 30_000 });
    const check = (run: CliRun): string | undefined => (run.code === 0 ? undefined : run.code === 2 ? 'exit 2: the plan has changes, expected none' : reason(run));
    const warmUp = await plan();
    measurement.error = check(warmUp);
    await sandbox.resetLog();
    for (let run = 0; run < size.runs && measurement.error === undefined; run++) {
      const result = await plan();
      measurement.runs.push({ ms: result.ms, peakRssMb: result.peakRssMb, code: result.code });
      measurement.error = check(result);
    }
    const state = await sandbox.snapshot();
    const gets = [...state.posthog.log, ...state.anthropic.log].filter((entry) => entry.method === 'GET').length;
    measurement.pageRequests = measurement.runs.length > 0 ? gets / measurement.runs.length : 0;
  } finally {
    await sandbox.close();
  }
  return { rows: rowsOf(label, size, measurement), measurement };
}

function rowsOf(label: string, size: PlanSize, m: BigPlanMeasurement): BenchRow[] {
  const mib = (m.configBytes / 2 ** 20).toFixed(1);
  const { posthog, anthropic } = mixesFor(size.perApi);
  const how =
    `node dist/invitectl.js plan --detailed-exitcode, config ${mib} MiB listing PostHog ${posthog.invites} pending + ${posthog.members} members and Anthropic ${anthropic.invites} pending + ${anthropic.members} members (no changes), ` +
    'emulators in their own processes, no latency, repeated pages answered from memory';
  const timeTarget = `≤ 1 (${size.timeBudgetMs / 1000} s)`;
  const rssTarget = `≤ 1 (${size.rssBudgetMb} MB)`;
  if (m.error !== undefined) {
    return [failed(`${label}: wall time`, size.timeBudgetMs, 'ms', timeTarget, m.error, `budget, not a floor; ${how}`), failed(`${label}: peak RSS`, size.rssBudgetMb, 'MB', rssTarget, m.error, 'budget, not a floor')];
  }
  const ms = median(m.runs.map((run) => run.ms));
  const rss = m.runs.map((run) => run.peakRssMb).filter((value) => value !== undefined);
  const runs = `median of ${m.runs.length} after a warm-up (${m.runs.map((run) => Math.round(run.ms)).join(', ')} ms)`;
  const rssHow = usesGnuTime() ? 'maxRSS of the CLI process from wait4 (/usr/bin/time -f %M)' : "maxRSS the CLI process reports at exit (an --import hook: no GNU time here)";
  const rows = [atMost(`${label}: wall time`, ms, size.timeBudgetMs, 'ms', 1, `budget, not a floor; spawn to exit of ${how}; ${runs}; ${m.pageRequests} page requests per run`, timeTarget)];
  rows.push(
    rss.length === 0
      ? failed(`${label}: peak RSS`, size.rssBudgetMb, 'MB', rssTarget, 'the peak RSS could not be read', 'budget, not a floor')
      : atMost(`${label}: peak RSS`, median(rss), size.rssBudgetMb, 'MB', 1, `budget, not a floor; ${rssHow}, median of ${rss.length} (${rss.map(Math.round).join(', ')} MB)`, rssTarget),
  );
  return rows;
}

/** Both sizes, one after another (a size that the CLI refuses prints as failed, with its reason). */
export async function benchBigPlans(): Promise<{ rows: BenchRow[]; measurements: BigPlanMeasurement[] }> {
  const rows: BenchRow[] = [];
  const measurements: BigPlanMeasurement[] = [];
  for (const size of PLAN_SIZES) {
    const result = await measureBigPlan(size);
    rows.push(...result.rows);
    measurements.push(result.measurement);
  }
  return { rows, measurements };
}
