import { main } from '../src/cli.ts';
import { capturedIO, bigSeeds, configDir, emails, sandboxConfig } from './fixtures.ts';
import { startRemoteSandbox } from './remote-sandbox.ts';
import type { LogEntry } from './sandbox-protocol.ts';
import { atMost, type BenchRow } from './table.ts';

/** A large org per API: more than two pages of pending invites and of members (pages of 1,000). */
export const PLAN_SCENARIO = { invites: 2500, members: 1500, pageSize: 1000, latencyMs: 50 } as const;

/** Runs measured after the warm-up (the median is reported); the floor's lists are re-read as often. */
const RUNS = 5;

/** What the plan run measured. */
export interface PlanMeasurement {
  ms: number;
  /** Median over the runs: first GET sent to last answered. */
  readMs: number;
  readRunsMs: number[];
  pageRequests: number;
  minimalPages: number;
  /** The longest list's pages fetched alone, one after another, by plain fetch. */
  readFloorMs: number;
  /** Longest list's pages × latency: the floor without any server or transfer time. */
  latencyFloorMs: number;
  /** Every list's pages fetched one after another by plain fetch. */
  serialReadMs: number;
  lists: Record<string, { items: number; pages: number; aloneMs: number }>;
}

/**
 * `invitectl plan` of a config that lists every pending invite (the steady state: no changes)
 * against orgs with 2,500 invites and 1,500+ members each, 50 ms per request, five times after a
 * warm-up run. The fewest page requests is ⌈items ÷ 1,000⌉ per list. Read in parallel, the reads take as
 * long as the longest list read alone: its pages are then fetched again, one by one, by plain fetch.
 */
export async function benchPlan(): Promise<{ rows: BenchRow[]; measurement: PlanMeasurement }> {
  const { invites, members, pageSize, latencyMs } = PLAN_SCENARIO;
  const seed = bigSeeds(invites, members);
  const listed = emails('pending', invites);
  const dir = await configDir(sandboxConfig(listed, listed));
  const sandbox = await startRemoteSandbox({ seed, faults: { seed: 1, latencyMs } });
  let measurement: PlanMeasurement;
  try {
    // Warm both sides' JIT, as a real API is warm.
    await main(['plan'], capturedIO(sandbox.env, dir));
    const runs: { ms: number; readMs: number; reads: LogEntry[]; state: Awaited<ReturnType<typeof sandbox.snapshot>> }[] = [];
    for (let run = 0; run < RUNS; run++) {
      await sandbox.resetLog();
      const io = capturedIO(sandbox.env, dir);
      const started = performance.now();
      const code = await main(['plan', '--detailed-exitcode'], io);
      const ms = performance.now() - started;
      if (code !== 0) throw new Error(`plan --detailed-exitcode exited ${code} (expected 0: no changes):\n${io.output().stderr.slice(0, 1500)}`);
      const state = await sandbox.snapshot();
      const reads = [...state.posthog.log, ...state.anthropic.log].filter((entry) => entry.method === 'GET');
      runs.push({ ms, readMs: span(reads), reads, state });
    }
    const { ms, state } = [...runs].sort((a, b) => a.readMs - b.readMs)[Math.floor(RUNS / 2)]!;
    const items: Record<string, number> = {
      'posthog invites': invites,
      'posthog members': (seed.posthog?.users ?? []).filter((user) => (user.memberships?.length ?? 0) > 0).length,
      'anthropic invites': invites,
      'anthropic users': seed.anthropic?.users?.length ?? 0,
    };
    const lists: PlanMeasurement['lists'] = {};
    for (const [api, snapshot] of Object.entries(state)) {
      const reads = snapshot.log.filter((entry) => entry.method === 'GET');
      for (const [list, paths] of groupByList(reads)) {
        const name = `${api} ${list}`;
        const alone: number[] = [];
        for (let run = 0; run < RUNS; run++) alone.push(await fetchOneByOne(sandbox.env, api, paths));
        lists[name] = { items: items[name] ?? 0, pages: paths.length, aloneMs: [...alone].sort((a, b) => a - b)[Math.floor(RUNS / 2)]! };
      }
    }
    const pageCounts = new Set(runs.map((run) => run.reads.length));
    if (pageCounts.size !== 1) throw new Error(`the runs sent different numbers of page requests: ${[...pageCounts].join(', ')}`);
    const all = Object.values(lists);
    measurement = {
      ms,
      readMs: [...runs].sort((a, b) => a.readMs - b.readMs)[Math.floor(RUNS / 2)]!.readMs,
      readRunsMs: runs.map((run) => run.readMs),
      pageRequests: runs[0]!.reads.length,
      minimalPages: Object.values(items).reduce((sum, n) => sum + Math.max(1, Math.ceil(n / pageSize)), 0),
      readFloorMs: Math.max(...all.map((list) => list.aloneMs)),
      latencyFloorMs: Math.max(...Object.values(items).map((n) => Math.max(1, Math.ceil(n / pageSize)))) * latencyMs,
      serialReadMs: all.reduce((sum, list) => sum + list.aloneMs, 0),
      lists,
    };
  } finally {
    await sandbox.close();
  }
  const m = measurement;
  const listNote = Object.entries(m.lists).map(([name, list]) => `${name} ${list.items}`).join(', ');
  return {
    rows: [
      atMost('plan: page requests', m.pageRequests, m.minimalPages, 'req', 1, `Σ ⌈items ÷ ${pageSize}⌉ over the four lists (${listNote})`),
      atMost(
        'plan: reads, orgs in parallel',
        m.readMs,
        m.readFloorMs,
        'ms',
        1.15,
        `first GET sent to last answered, median of ${RUNS} runs (${m.readRunsMs.join(', ')} ms), vs the longest list's pages fetched alone one by one by plain fetch (${latencyMs} ms each + server + transfer, median of ${RUNS}); ` +
          `vs pages × ${latencyMs} ms only (${m.latencyFloorMs} ms): ${(m.readMs / m.latencyFloorMs).toFixed(2)}; every list one after another: ${Math.round(m.serialReadMs)} ms; ` +
          `whole plan command incl. loading a config of ${2 * invites} invites: ${Math.round(m.ms)} ms`,
      ),
    ],
    measurement: m,
  };
}

/** GET paths by list (the path without its query), in the order sent. */
function groupByList(reads: readonly LogEntry[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const entry of [...reads].sort((a, b) => a.startedAt - b.startedAt)) {
    const list = /\/(invites|members|users)\/?(\?|$)/.exec(entry.path)?.[1] ?? entry.path;
    lists.set(list, [...(lists.get(list) ?? []), entry.path]);
  }
  return lists;
}

/** Fetches the same pages again, one after another, and parses each: the list read alone. */
async function fetchOneByOne(env: Readonly<Record<string, string>>, api: string, paths: readonly string[]): Promise<number> {
  const base = api === 'posthog' ? env['INVITECTL_POSTHOG_URL'] : env['INVITECTL_ANTHROPIC_URL'];
  const headers: Record<string, string> =
    api === 'posthog' ? { authorization: `Bearer ${env['POSTHOG_PERSONAL_API_KEY']}` } : { 'x-api-key': env['ANTHROPIC_ADMIN_API_KEY'] ?? '', 'anthropic-version': '2023-06-01' };
  const started = performance.now();
  for (const path of paths) {
    const response = await fetch(`${base}${path}`, { headers });
    JSON.parse(await response.text());
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  }
  return performance.now() - started;
}

function span(entries: readonly LogEntry[]): number {
  return Math.max(...entries.map((entry) => entry.finishedAt)) - Math.min(...entries.map((entry) => entry.startedAt));
}
