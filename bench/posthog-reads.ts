// Row 3 of issue #12: how many round trips of latency `plan` spends reading a PostHog org of 20,000 invites.
import { defaultAnthropicSeed } from '../src/emulators/anthropic/index.ts';
import { cliEnv, reason, runCli } from './cli-process.ts';
import { bigSeeds, configDir, emails, sandboxConfig } from './fixtures.ts';
import { DEFAULT_CONCURRENCY, listRoundTrips, median } from './floors.ts';
import { startRemoteSandbox } from './remote-sandbox.ts';
import type { LogEntry } from './sandbox-protocol.ts';
import { atMost, failed, type BenchRow } from './table.ts';

/** The scenario: one PostHog org holding `invites` pending invites, `latencyMs` on every request. */
export const READS_SCENARIO = { invites: 20_000, latencyMs: 50, runs: 3, maxRoundTrips: 2 } as const;

/** One plan run's PostHog reads, from the emulator's log. */
export interface ReadRun {
  /** First GET arriving to last GET answered (server clock). */
  readMs: number;
  /** The whole CLI process, spawn to exit. */
  wallMs: number;
  invitePages: number;
  otherPages: number;
  /** The longest chain of GETs, each sent after an earlier one was answered. */
  waves: number;
}

/** What the row measured, for the JSON file. */
export interface ReadsMeasurement {
  runs: ReadRun[];
  readMs: number;
  /** Requests that had to wait for an earlier answer, in a chain: the read's depth in round trips. */
  roundTrips: number;
  error?: string;
}

/**
 * `node dist/invitectl.js plan --detailed-exitcode` of a PostHog-only config listing every one of
 * the org's 20,000 pending invites (no changes), 50 ms per request; one warm-up run, then the median
 * of three; the warm-up fills the emulator's read cache, so a page costs the server no sort. The floor is one round trip: PostHog's `limit` has no maximum (api/posthog.md §4), so no
 * page count is forced on the client; the target is at most two (the first page gives the count,
 * the rest can follow at once).
 */
export async function benchPostHogReads(): Promise<{ rows: BenchRow[]; measurement: ReadsMeasurement }> {
  const { invites, latencyMs, runs, maxRoundTrips } = READS_SCENARIO;
  const dir = await configDir(sandboxConfig(emails('pending', invites), undefined));
  const sandbox = await startRemoteSandbox({ seed: { posthog: bigSeeds({ invites, members: 0 }, { invites: 0, members: 0 }).posthog!, anthropic: defaultAnthropicSeed() }, faults: { seed: 1, latencyMs }, cacheReads: true });
  const measurement: ReadsMeasurement = { runs: [], readMs: Number.NaN, roundTrips: Number.NaN };
  try {
    const env = cliEnv(sandbox.env);
    const plan = () => runCli(['plan', '--detailed-exitcode'], { cwd: dir, env, timeoutMs: 120_000 });
    const warmUp = await plan();
    if (warmUp.code !== 0) measurement.error = reason(warmUp);
    for (let run = 0; run < runs && measurement.error === undefined; run++) {
      await sandbox.resetLog();
      const result = await plan();
      if (result.code !== 0) measurement.error = reason(result);
      const gets = (await sandbox.snapshot()).posthog.log.filter((entry) => entry.method === 'GET');
      const invitePages = gets.filter((entry) => /\/invites\/?(\?|$)/.test(entry.path)).length;
      measurement.runs.push({ readMs: span(gets), wallMs: result.ms, invitePages, otherPages: gets.length - invitePages, waves: waves(gets) });
    }
  } finally {
    await sandbox.close();
  }
  const label = `PostHog read of ${invites / 1000}k invites, ${latencyMs} ms latency`;
  const target = `≤ ${maxRoundTrips} round trips`;
  if (measurement.error !== undefined) return { rows: [failed(label, latencyMs, 'ms', target, measurement.error, 'floor: one round trip')], measurement };
  const m = measurement;
  m.readMs = median(m.runs.map((run) => run.readMs));
  m.roundTrips = median(m.runs.map((run) => run.waves));
  const pages = m.runs[0]!.invitePages;
  const pagedMs = listRoundTrips({ pages, paging: 'offset' }, DEFAULT_CONCURRENCY) * latencyMs;
  const note =
    `round trips = the longest chain of GETs each sent only after an earlier one was answered (emulator log), median of ${runs} after a warm-up; ` +
    `time, first GET arriving to last answered: ${m.runs.map((run) => Math.round(run.readMs)).join(', ')} ms (${(m.readMs / latencyMs).toFixed(1)} × the latency: the rest is the server building and the CLI decoding 20,000 invites); ` +
    `floor one round trip (${latencyMs} ms): PostHog's limit has no maximum; the CLI read ${pages} invite pages and ${m.runs[0]!.otherPages} other pages, for which ` +
    `${latencyMs} ms × (1 + ⌈(${pages} − 1) ÷ ${DEFAULT_CONCURRENCY}⌉) = ${pagedMs} ms is the floor at concurrency ${DEFAULT_CONCURRENCY}; whole plan command ${Math.round(median(m.runs.map((run) => run.wallMs)))} ms`;
  return { rows: [atMost(label, m.roundTrips, 1, 'round trips', maxRoundTrips, note, target)], measurement: m };
}

/** The depth of the request chain: a GET sent after another was answered is one round trip later. */
function waves(entries: readonly LogEntry[]): number {
  const sorted = [...entries].sort((a, b) => a.startedAt - b.startedAt);
  const depth = new Map<LogEntry, number>();
  for (const entry of sorted) {
    const before = sorted.filter((other) => other !== entry && other.finishedAt <= entry.startedAt).map((other) => depth.get(other) ?? 1);
    depth.set(entry, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...depth.values());
}

function span(entries: readonly LogEntry[]): number {
  if (entries.length === 0) return Number.NaN;
  return Math.max(...entries.map((entry) => entry.finishedAt)) - Math.min(...entries.map((entry) => entry.startedAt));
}
