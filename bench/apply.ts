// Row 4 of issue #12: `invitectl apply` of 1,000 creates at 50 ms latency, --concurrency 4, against the floor of its round trips.
import { cliEnv, reason, ROOT, runCli } from './cli-process.ts';
import { configDir, emails, emptySeeds, sandboxConfig } from './fixtures.ts';
import { applyFloorMs, createsWork, requestsOf } from './floors.ts';
import { startRemoteSandbox, type RemoteSnapshot } from './remote-sandbox.ts';
import type { LogEntry } from './sandbox-protocol.ts';
import { baselineTarget, inviteOneByOne, type BaselineResult } from './sequential-baseline.ts';
import { atLeast, atMost, reference, type BenchRow } from './table.ts';

/**
 * The scenario of issue #8, 1,000 creates over the three APIs, 50 ms per request, `--concurrency 4`.
 * Anthropic and OpenAI write one invite per request, so they set the floor: they get equal shares
 * (neither key's pacing hides behind the other's), and PostHog, whose bulk call takes 20, the rest.
 */
export const APPLY_SCENARIO = { posthog: 400, anthropic: 300, openai: 300, latencyMs: 50, concurrency: 4, max: 1.12 } as const;

/** The invitees of one apply run, per API. */
interface Invitees {
  posthog: readonly string[];
  anthropic: readonly string[];
  openai: readonly string[];
}

const APIS = ['posthog', 'anthropic', 'openai'] as const;

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
  /** First GET sent to last GET answered: reading every org. */
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
  /** bench/bare-client.mjs: the same requests and nothing else, each run, per transport. */
  bare: Record<BareTransport, BareRun[]>;
}

/**
 * Runs `node dist/invitectl.js apply --yes --concurrency 4` against the emulators (each API in a
 * process of its own) with 50 ms on every request, `runs` times on fresh emulators, checking that
 * every invite was created and e-mailed once; then the one-at-a-time baseline, same latency.
 * Floor per key: (read round trips + ⌈writes ÷ 4⌉) × 50 ms, writes being what the API needs
 * (a PostHog bulk call of 20 is one write); the slowest key.
 */
export async function benchApply(runs = 3): Promise<{ rows: BenchRow[]; measurement: ApplyMeasurement }> {
  const { latencyMs, concurrency, max } = APPLY_SCENARIO;
  const invitees: Invitees = { posthog: emails('ph', APPLY_SCENARIO.posthog), anthropic: emails('an', APPLY_SCENARIO.anthropic), openai: emails('oa', APPLY_SCENARIO.openai) };
  const total = invitees.posthog.length + invitees.anthropic.length + invitees.openai.length;
  const dir = await configDir(sandboxConfig(invitees.posthog, invitees.anthropic, invitees.openai));
  const all: ApplyRun[] = [];
  for (let run = 0; run < runs; run++) all.push(await applyOnce(dir, invitees));
  const median = [...all].sort((a, b) => a.ms - b.ms)[Math.floor(all.length / 2)]!;
  const bare: Record<BareTransport, BareRun[]> = { fetch: [], http: [] };
  for (let run = 0; run < runs; run++) for (const transport of BARE_TRANSPORTS) bare[transport].push(await bareOnce(transport, invitees));
  const bareMedian = (transport: BareTransport) => [...bare[transport]].sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)]!;
  const bareMs = (transport: BareTransport) => bareMedian(transport).ms;

  const fresh = await startRemoteSandbox({ seed: emptySeeds(), faults: { seed: 1, latencyMs } });
  let baseline: BaselineResult;
  try {
    baseline = await inviteOneByOne(baselineTarget(fresh.env), invitees.posthog, invitees.anthropic, invitees.openai);
    if (baseline.failures > 0) throw new Error(`the baseline script had ${baseline.failures} failed requests`);
  } finally {
    await fresh.close();
  }

  const { credentials, phases, ms } = median;
  const work = createsWork(invitees.posthog.length, invitees.anthropic.length, invitees.openai.length);
  const floorMs = applyFloorMs(work, latencyMs, concurrency);
  const needed = work.map((key) => `${key.api} ${requestsOf(key)} (${key.writes} writes)`).join(', ');
  const sent = credentials.map((c) => `${c.api} ${c.requests} (${c.writes} writes)`).join(', ');
  const where = phaseList(phases);
  const rows = [
    atMost(
      `apply ${total} creates, ${latencyMs} ms, --concurrency ${concurrency}`,
      ms,
      floorMs,
      'ms',
      max,
      `spawn to exit of the CLI process; creates: posthog ${invitees.posthog.length}, anthropic ${invitees.anthropic.length}, openai ${invitees.openai.length}; floor per key (read round trips + ⌈writes ÷ ${concurrency}⌉) × ${latencyMs} ms, slowest key; requests needed: ${needed}; sent: ${sent}; ` +
        `median of ${all.length} (${all.map((run) => Math.round(run.ms)).join(', ')} ms); phases (ms): ${where}`,
    ),
    ...BARE_TRANSPORTS.map((transport) =>
      reference(
        `the same requests, nothing else (bare ${transport === 'fetch' ? 'fetch' : 'node:http'} client)`,
        bareMs(transport),
        floorMs,
        'ms',
        `bench/bare-client.mjs ${transport} as a process of its own, run and checked like the CLI: Node's start, each key's two lists, then its creates with ${concurrency} in flight over ${transport === 'fetch' ? "plain fetch (invitectl's transport, under ky)" : 'node:http with a keep-alive agent'}; no config, no plan, no checks. ` +
          `What this machine's processes and loopback add to the floor before any client work${transport === 'fetch' ? `; the CLI's own share of its row is ${Math.round(ms - bareMs(transport))} ms` : ''}. ` +
          `median of ${runs} (${bare[transport].map((run) => Math.round(run.ms)).join(', ')} ms); phases (ms): ${phaseList(bareMedian(transport).phases)}`,
      ),
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
  return { rows, measurement: { ms, runs: all, floorMs, baseline, bare } };
}

const BARE_TRANSPORTS = ['fetch', 'http'] as const;
type BareTransport = (typeof BARE_TRANSPORTS)[number];

/** One run of the bare client. */
interface BareRun {
  ms: number;
  phases: Phases;
}

function phaseList(phases: Phases): string {
  return Object.entries(phases).map(([phase, value]) => `${phase} ${Math.round(value)}`).join(', ');
}

/** One run of the bare client, measured and checked like the CLI's. */
async function bareOnce(transport: BareTransport, invitees: Invitees): Promise<BareRun> {
  const counts = [invitees.posthog.length, invitees.anthropic.length, invitees.openai.length, APPLY_SCENARIO.concurrency].map(String);
  const { ms, phases } = await checkedRun('the bare client', [transport, ...counts], { cwd: ROOT, script: 'bench/bare-client.mjs' }, invitees);
  return { ms, phases };
}

async function applyOnce(dir: string, invitees: Invitees): Promise<ApplyRun> {
  const { ms, phases, state } = await checkedRun('apply', ['apply', '--yes', '--concurrency', String(APPLY_SCENARIO.concurrency)], { cwd: dir }, invitees);
  return { ms, credentials: APIS.flatMap((api) => countByCredential(api, state[api].log)), phases };
}

/**
 * Runs `args` (the bundle, or `script`) as a process of its own against fresh emulators with the
 * scenario's latency; checks it exited 0 and created every invite, one email each; returns its
 * time, where that time went, and the emulators' state.
 */
async function checkedRun(name: string, args: readonly string[], where: { cwd: string; script?: string }, invitees: Invitees): Promise<{ ms: number; phases: Phases; state: RemoteSnapshot }> {
  const sandbox = await startRemoteSandbox({ seed: emptySeeds(), faults: { seed: 1, latencyMs: APPLY_SCENARIO.latencyMs } });
  try {
    const startedAt = Date.now();
    const run = await runCli(args, { ...where, env: cliEnv(sandbox.env), timeoutMs: 180_000 });
    const endedAt = Date.now();
    if (run.code !== 0) throw new Error(`${name} ${reason(run)}`);
    const state = await sandbox.snapshot();
    expectCreated(state, invitees);
    return { ms: run.ms, phases: phasesOf(startedAt, endedAt, APIS.flatMap((api) => state[api].log)), state };
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

// A fast run that did not do the work would be a meaningless number: every invite, one email each, per API.
function expectCreated(state: RemoteSnapshot, invitees: Invitees): void {
  for (const api of APIS) {
    const pending = new Set(state[api].pending);
    const missing = invitees[api].filter((email) => !pending.has(email));
    if (missing.length > 0) throw new Error(`apply left ${missing.length} ${api} invites uncreated, e.g. ${missing[0]}`);
    if (state[api].emailsSent !== invitees[api].length) throw new Error(`expected one ${api} email per invitee (${invitees[api].length}), the emulator sent ${state[api].emailsSent}`);
  }
}
