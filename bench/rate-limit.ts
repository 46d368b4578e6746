// Row 5 of issue #12: `invitectl apply` under a per-key rate limit must finish every create, one email each, near the rate floor.
import type { RateLimit } from '../src/emulators/rate-limit.ts';
import { perMinute } from '../src/emulators/rate-limit.ts';
import { cliEnv, reason, runCli } from './cli-process.ts';
import { configDir, emails, emptySeeds, sandboxConfig } from './fixtures.ts';
import { burstRateFloorMs, createsWork, DEFAULT_CONCURRENCY, rateFloorMs, requestsOf, slidingFloorMs } from './floors.ts';
import { startRemoteSandbox } from './remote-sandbox.ts';
import type { ApiSnapshot } from './sandbox-protocol.ts';
import { atMost, failed, type BenchRow } from './table.ts';

/** One rate-limited apply: how many creates per API and the limit each API key gets. */
export interface RateScenario {
  label: string;
  /** Handed to the emulators as is, one limiter per key: what the sandbox builds from its flag. */
  limit: RateLimit;
  /** The limit's sustained rate (requests per second) and burst, for the floor. */
  perSecond: number;
  burst: number;
  posthog: number;
  anthropic: number;
  max: number;
}

/**
 * The rows. `slow` is the issue's acceptance run: `invitectl sandbox --rate-limit 100` builds
 * `perMinute(100)` (src/commands/sandbox.ts), the same limit given here; to switch to another mode
 * of the flag (e.g. a sliding window), put what the flag builds in `limit` and its rate and burst
 * beside it. `fast` keeps a rate-limit row in the default bench: a bucket that refills in a second
 * what it holds, long enough (400 requests) that whole-second Retry-After is a small part of it.
 */
export const RATE_SCENARIOS = {
  fast: { label: 'rate limit 20/s, burst 20', limit: { capacity: 20, refillPerSecond: 20 }, perSecond: 20, burst: 20, posthog: 400, anthropic: 400, max: 1.15 },
  slow: { label: 'rate limit 100/min (sandbox --rate-limit 100)', limit: perMinute(100), perSecond: 100 / 60, burst: 100, posthog: 200, anthropic: 200, max: 1.15 },
  sliding: {
    label: 'rate limit sliding 100/min (sandbox --rate-limit sliding:100/min)',
    limit: { sliding: [{ requests: 100, perSeconds: 60 }] },
    perSecond: 100 / 60,
    burst: 100,
    posthog: 200,
    anthropic: 200,
    max: 1.15,
  },
} satisfies Record<string, RateScenario>;

/** What one rate-limited run measured, for the JSON file. */
export interface RateMeasurement {
  scenario: RateScenario;
  ms: number;
  floorMs: number;
  burstFloorMs: number;
  exitCode: number | null;
  /** Per API: requests answered (not 429), refused with 429, emails sent, invites missing. */
  apis: Record<string, { answered: number; refused: number; emailsSent: number; missing: number }>;
  error?: string;
}

/**
 * `node dist/invitectl.js apply --yes --concurrency 4` creating `posthog` + `anthropic` invites
 * against emulators that rate-limit every key, no latency. Done right it ends with exit 0, every
 * invite pending, one email each. Floor: the busiest key's requests (its pages + its writes, a
 * PostHog bulk of 20 counting one) ÷ rate.
 */
export async function measureRateLimited(scenario: RateScenario): Promise<RateMeasurement> {
  const posthogEmails = emails('rp', scenario.posthog);
  const anthropicEmails = emails('ra', scenario.anthropic);
  const work = createsWork(scenario.posthog, scenario.anthropic);
  // A bucket's floor spends its burst for free at the start; a sliding log admits `burst` per window.
  const floorMs = 'sliding' in scenario.limit ? slidingFloorMs(work, scenario.burst, 60_000) : burstRateFloorMs(work, scenario.perSecond, scenario.burst);
  const dir = await configDir(sandboxConfig(posthogEmails, anthropicEmails));
  const sandbox = await startRemoteSandbox({ seed: emptySeeds(), rateLimit: scenario.limit });
  try {
    const run = await runCli(['apply', '--yes', '--concurrency', String(DEFAULT_CONCURRENCY)], { cwd: dir, env: cliEnv(sandbox.env), timeoutMs: 5 * floorMs + 60_000 });
    const state = await sandbox.snapshot();
    const apis = { posthog: tally(state.posthog, posthogEmails), anthropic: tally(state.anthropic, anthropicEmails) };
    const problems = Object.entries(apis).flatMap(([api, t]) => [
      ...(t.missing > 0 ? [`${api}: ${t.missing} invites not created`] : []),
      ...(t.emailsSent !== (api === 'posthog' ? scenario.posthog : scenario.anthropic) ? [`${api}: ${t.emailsSent} emails sent`] : []),
    ]);
    const error = run.code !== 0 ? `${reason(run)}${problems.length ? ` (${problems.join('; ')})` : ''}` : problems.length > 0 ? problems.join('; ') : undefined;
    return { scenario, ms: run.ms, floorMs, burstFloorMs: burstRateFloorMs(work, scenario.perSecond, scenario.burst), exitCode: run.code, apis, ...(error !== undefined && { error }) };
  } finally {
    await sandbox.close();
  }
}

function tally(snapshot: ApiSnapshot, wanted: readonly string[]): RateMeasurement['apis'][string] {
  const pending = new Set(snapshot.pending);
  const refused = snapshot.log.filter((entry) => entry.status === 429).length;
  return { answered: snapshot.log.length - refused, refused, emailsSent: snapshot.emailsSent, missing: wanted.filter((email) => !pending.has(email)).length };
}

/** The fast row (default bench) or the slow one (`--slow`: about two minutes by design). */
export async function benchRateLimit(which: keyof typeof RATE_SCENARIOS): Promise<{ rows: BenchRow[]; measurement: RateMeasurement }> {
  const scenario: RateScenario = RATE_SCENARIOS[which];
  const m = await measureRateLimited(scenario);
  const needed = createsWork(scenario.posthog, scenario.anthropic).map((key) => `${key.api} ${requestsOf(key)}`).join(', ');
  const seen = Object.entries(m.apis).map(([api, t]) => `${api} ${t.answered} answered + ${t.refused} × 429, ${t.emailsSent} emails`).join('; ');
  const shape = 'sliding' in scenario.limit ? `a sliding log of ${scenario.burst} per 60 s` : `a bucket of ${scenario.perSecond.toFixed(2)}/s, burst ${scenario.burst}`;
  const floor = 'sliding' in scenario.limit
    ? `floor = the busiest key's last request, ⌊(requests − 1) ÷ ${scenario.burst}⌋ windows after the first`
    : `floor = the busiest key's (requests − burst) ÷ rate, the burst spent at the start; requests ÷ rate would be ${Math.round(rateFloorMs(createsWork(scenario.posthog, scenario.anthropic), scenario.perSecond))} ms`;
  const note =
    `${scenario.anthropic} Anthropic + ${scenario.posthog} PostHog creates, apply --concurrency ${DEFAULT_CONCURRENCY}, one limiter per key (${shape}), no latency; ` +
    `${floor} (requests needed: ${needed}); seen: ${seen}`;
  const target = `≤ ${scenario.max}`;
  const row = m.error === undefined ? atMost(scenario.label, m.ms, m.floorMs, 'ms', scenario.max, note) : failed(scenario.label, m.floorMs, 'ms', target, m.error, `${note}; took ${Math.round(m.ms)} ms`);
  return { rows: [row], measurement: m };
}
