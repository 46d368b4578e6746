// Row 4 of issue #12: `invitectl apply` of 1,000 creates at 50 ms latency, --concurrency 4, against the floor of its round trips.
import { cliEnv, reason, runCli } from './cli-process.ts';
import { configDir, emails, emptySeeds, sandboxConfig } from './fixtures.ts';
import { applyFloorMs, createsWork, requestsOf } from './floors.ts';
import { startRemoteSandbox } from './remote-sandbox.ts';
import type { ApiSnapshot, LogEntry } from './sandbox-protocol.ts';
import { baselineTarget, inviteOneByOne, type BaselineResult } from './sequential-baseline.ts';
import { atLeast, atMost, type BenchRow } from './table.ts';

/** The scenario of issue #8: 500 creates per API, 50 ms per request, `--concurrency 4`. */
export const APPLY_SCENARIO = { perApi: 500, latencyMs: 50, concurrency: 4, max: 1.12 } as const;

/** Requests one credential sent, all of them and the writes alone. */
export interface CredentialCount {
  api: string;
  requests: number;
  writes: number;
}

/** Where the wall time went, from the emulators' request log (ms). */
export interface Phases {
  /** Spawn of the CLI to the first request: Node's start, config load and check. */
  beforeReads: number;
  /** First GET sent to last GET answered: reading both orgs. */
  reads: number;
  /** Last GET answered to first write: planning, rendering the plan. */
  planning: number;
  /** First write sent to last write answered. */
  writes: number;
  /** Last write answered to the CLI's exit: the report. */
  after: number;
}

/** One apply run. */
export interface ApplyRun {
  ms: number;
  credentials: CredentialCount[];
  phases: Phases;
}

/** What the scenario measured, for the JSON file. */
export interface ApplyMeasurement {
  /** The median run's wall time. */
  ms: number;
  runs: ApplyRun[];
  floorMs: number;
  baseline: BaselineResult;
}

/**
 * Runs `node dist/invitectl.js apply --yes --concurrency 4` against the emulators (each API in a
 * process of its own) with 50 ms on every request, `runs` times on fresh emulators, checking that
 * every invite was created and e-mailed once; then the one-at-a-time baseline, same latency.
 * Floor per key: (read round trips + ⌈writes ÷ 4⌉) × 50 ms, writes being what the API needs
 * (a PostHog bulk call of 20 is one write); the slowest key.
 */
export async function benchApply(runs = 3): Promise<{ rows: BenchRow[]; measurement: ApplyMeasurement }> {
  const { perApi, latencyMs, concurrency, max } = APPLY_SCENARIO;
  const posthogEmails = emails('ph', perApi);
  const anthropicEmails = emails('an', perApi);
  const dir = await configDir(sandboxConfig(posthogEmails, anthropicEmails));
  const all: ApplyRun[] = [];
  for (let run = 0; run < runs; run++) all.push(await applyOnce(dir, posthogEmails, anthropicEmails));
  const median = [...all].sort((a, b) => a.ms - b.ms)[Math.floor(all.length / 2)]!;

  const fresh = await startRemoteSandbox({ seed: emptySeeds(), faults: { seed: 1, latencyMs } });
  let baseline: BaselineResult;
  try {
    baseline = await inviteOneByOne(baselineTarget(fresh.env), posthogEmails, anthropicEmails);
    if (baseline.failures > 0) throw new Error(`the baseline script had ${baseline.failures} failed requests`);
  } finally {
    await fresh.close();
  }

  const { credentials, phases, ms } = median;
  const work = createsWork(perApi, perApi);
  const floorMs = applyFloorMs(work, latencyMs, concurrency);
  const needed = work.map((key) => `${key.api} ${requestsOf(key)} (${key.writes} writes)`).join(', ');
  const sent = credentials.map((c) => `${c.api} ${c.requests} (${c.writes} writes)`).join(', ');
  const where = Object.entries(phases).map(([phase, value]) => `${phase} ${Math.round(value)}`).join(', ');
  const rows = [
    atMost(
      `apply ${2 * perApi} creates, ${latencyMs} ms, --concurrency ${concurrency}`,
      ms,
      floorMs,
      'ms',
      max,
      `spawn to exit of the CLI process; floor per key (read round trips + ⌈writes ÷ ${concurrency}⌉) × ${latencyMs} ms, slowest key; requests needed: ${needed}; sent: ${sent}; ` +
        `median of ${all.length} (${all.map((run) => Math.round(run.ms)).join(', ')} ms); phases (ms): ${where}`,
    ),
    atLeast(
      'apply vs one request at a time',
      ms,
      baseline.ms,
      'ms',
      7,
      `reference: bench/sequential-baseline.ts, ${baseline.requests} POSTs one after another over plain fetch, same emulators and latency, same run; ` +
        `a concurrency of ${concurrency} allows at most ≈ ${((baseline.requests * latencyMs) / floorMs).toFixed(1)}×`,
    ),
  ];
  return { rows, measurement: { ms, runs: all, floorMs, baseline } };
}

async function applyOnce(dir: string, posthogEmails: readonly string[], anthropicEmails: readonly string[]): Promise<ApplyRun> {
  const { latencyMs, concurrency } = APPLY_SCENARIO;
  const sandbox = await startRemoteSandbox({ seed: emptySeeds(), faults: { seed: 1, latencyMs } });
  try {
    const startedAt = Date.now();
    const run = await runCli(['apply', '--yes', '--concurrency', String(concurrency)], { cwd: dir, env: cliEnv(sandbox.env), timeoutMs: 180_000 });
    const endedAt = Date.now();
    if (run.code !== 0) throw new Error(`apply ${reason(run)}`);
    const state = await sandbox.snapshot();
    expectCreated(state, posthogEmails, anthropicEmails);
    return {
      ms: run.ms,
      credentials: [...countByCredential('posthog', state.posthog.log), ...countByCredential('anthropic', state.anthropic.log)],
      phases: phasesOf(startedAt, endedAt, [...state.posthog.log, ...state.anthropic.log]),
    };
  } finally {
    await sandbox.close();
  }
}

function phasesOf(startedAt: number, endedAt: number, log: readonly LogEntry[]): Phases {
  const gets = log.filter((entry) => entry.method === 'GET');
  const writes = log.filter((entry) => entry.method !== 'GET');
  const first = (entries: readonly LogEntry[]) => Math.min(...entries.map((entry) => entry.startedAt));
  const last = (entries: readonly LogEntry[]) => Math.max(...entries.map((entry) => entry.finishedAt));
  return {
    beforeReads: first(gets) - startedAt,
    reads: last(gets) - first(gets),
    planning: first(writes) - last(gets),
    writes: last(writes) - first(writes),
    after: endedAt - last(writes),
  };
}

function countByCredential(api: string, log: readonly LogEntry[]): CredentialCount[] {
  const counts = new Map<number, CredentialCount>();
  for (const entry of log) {
    const count = counts.get(entry.credential) ?? { api, requests: 0, writes: 0 };
    count.requests++;
    if (entry.method !== 'GET') count.writes++;
    counts.set(entry.credential, count);
  }
  return [...counts.values()];
}

// A fast run that did not do the work would be a meaningless number.
function expectCreated(state: { posthog: ApiSnapshot; anthropic: ApiSnapshot }, posthogEmails: readonly string[], anthropicEmails: readonly string[]): void {
  const posthog = new Set(state.posthog.pending);
  const anthropic = new Set(state.anthropic.pending);
  const missing = [...posthogEmails.filter((email) => !posthog.has(email)), ...anthropicEmails.filter((email) => !anthropic.has(email))];
  if (missing.length > 0) throw new Error(`apply left ${missing.length} invites uncreated, e.g. ${missing[0]}`);
  const sent = state.posthog.emailsSent + state.anthropic.emailsSent;
  if (sent !== posthogEmails.length + anthropicEmails.length) throw new Error(`expected one email per invitee, the emulators sent ${sent}`);
}
