import { main } from '../src/cli.ts';
import type { RateLimitOptions } from '../src/emulators/rate-limit.ts';
import { capturedIO, configDir, emails, emptySeeds, sandboxConfig } from './fixtures.ts';
import { startRemoteSandbox } from './remote-sandbox.ts';
import { atMost, type BenchRow } from './table.ts';

/** One rate-limited apply: what it took and what the bucket allowed. */
export interface RateLimitMeasurement {
  label: string;
  limit: RateLimitOptions;
  creates: number;
  ms: number;
  floorMs: number;
  /** Requests the limited (Anthropic) credential sent that were answered, and those refused with 429. */
  answered: number;
  refused: number;
  exitCode: number;
}

/**
 * `apply --yes` of `creates` Anthropic invites (one POST each) against a token bucket per key,
 * no latency. The rate floor is the time the bucket needs to allow every request:
 * (requests − capacity) ÷ refill, requests counting the re-plan's reads.
 */
export async function measureRateLimited(label: string, limit: RateLimitOptions, creates: number): Promise<RateLimitMeasurement> {
  const dir = await configDir(sandboxConfig([], emails('rl', creates)));
  const sandbox = await startRemoteSandbox({ seed: emptySeeds(), rateLimit: limit });
  try {
    const io = capturedIO(sandbox.env, dir);
    const started = performance.now();
    const exitCode = await main(['apply', '--yes', '--concurrency', '4'], io);
    const ms = performance.now() - started;
    const state = await sandbox.snapshot();
    const missing = emails('rl', creates).filter((email) => !state.anthropic.pending.includes(email));
    if (exitCode !== 0 || missing.length > 0) throw new Error(`${label}: apply exited ${exitCode} with ${missing.length} invites missing:\n${io.output().stderr.slice(-1500)}`);
    const answered = state.anthropic.log.filter((entry) => entry.status !== 429).length;
    const refused = state.anthropic.log.length - answered;
    const floorMs = (Math.max(0, answered - limit.capacity) / limit.refillPerSecond) * 1000;
    return { label, limit, creates, ms, floorMs, answered, refused, exitCode };
  } finally {
    await sandbox.close();
  }
}

/** Median run by wall time. */
function median(runs: readonly RateLimitMeasurement[]): RateLimitMeasurement {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
}

/**
 * The rate-limit rows. The first is the target: a bucket that refills as many tokens per second
 * as it holds (as PostHog's 480/minute burst does) and a run long enough (400 requests) that the
 * whole-second rounding of Retry-After is a small part of it. The second is a stress row: a
 * bucket that refills faster than it holds, which whole-second Retry-After cannot follow (a 1 s
 * pause yields only `capacity` tokens); it shows the limit, it is not the target.
 */
export async function benchRateLimit(runs = 1): Promise<{ rows: BenchRow[]; measurements: RateLimitMeasurement[] }> {
  const variants = [
    { label: 'rate limit 20/s, burst 20', limit: { capacity: 20, refillPerSecond: 20 }, runs, creates: 400 },
    { label: 'rate limit 40/s, burst 10 (stress)', limit: { capacity: 10, refillPerSecond: 40 }, runs: 1, creates: 100 },
  ];
  const rows: BenchRow[] = [];
  const measurements: RateLimitMeasurement[] = [];
  for (const { label, limit, runs: count, creates } of variants) {
    const all: RateLimitMeasurement[] = [];
    for (let run = 0; run < count; run++) all.push(await measureRateLimited(label, limit, creates));
    const m = median(all);
    measurements.push(...all);
    // After a 429 the client may resume only whole seconds later, and a pause refills at most `capacity` tokens.
    const perPause = Math.min(limit.capacity, limit.refillPerSecond);
    const wholeSecondsMs = Math.ceil((m.answered - limit.capacity) / perPause) * 1000;
    rows.push(
      atMost(
        label,
        m.ms,
        m.floorMs,
        'ms',
        1.1,
        `${m.creates} Anthropic creates at --concurrency 4, bucket capacity ${limit.capacity}, refill ${limit.refillPerSecond}/s; floor (${m.answered} requests − ${limit.capacity}) ÷ ${limit.refillPerSecond}/s; ` +
          `median of ${count} (${all.map((run) => Math.round(run.ms)).join(', ')} ms); ${m.refused} answered 429, none failed; ` +
          `Retry-After is whole seconds and a 1 s pause refills at most ${perPause} tokens, so the client needs about ⌈(${m.answered} − ${limit.capacity}) ÷ ${perPause}⌉ pauses = ${wholeSecondsMs} ms ` +
          `(ratio ${(wholeSecondsMs / m.floorMs).toFixed(2)}; one fewer when tokens refilled while sending cover the rest)`,
      ),
    );
  }
  return { rows, measurements };
}
