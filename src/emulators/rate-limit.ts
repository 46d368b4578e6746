/**
 * Token-bucket settings: a full bucket allows `capacity` requests at once, then
 * `refillPerSecond` requests per second.
 *
 * The real limits, for choosing values:
 * - PostHog: 480 requests/minute (burst) and 4,800/hour (sustained) per personal API key,
 *   429 with `Retry-After: <int seconds>`, no X-RateLimit-* headers (api/posthog.md §9).
 * - Anthropic Admin API: 100 requests/minute per organization, shared by all admin keys;
 *   invite creation on Enterprise counts against 1,200/hour instead (api/anthropic.md §8).
 *   The emulator buckets per credential; with one key per org that is the same thing.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

/** Allowed, or refused with the whole seconds until a token is available (at least 1). */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** One token bucket per key (credential). */
export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

/** PostHog's burst limit per personal API key. */
export const POSTHOG_RATE_LIMIT: RateLimitOptions = perMinute(480);

/** Anthropic's Admin API limit per organization. */
export const ANTHROPIC_RATE_LIMIT: RateLimitOptions = perMinute(100);

/** A bucket that allows `requests` per minute, all of them at once when full (the CLI's `--rate-limit N`). */
export function perMinute(requests: number): RateLimitOptions {
  return { capacity: requests, refillPerSecond: requests / 60 };
}

/**
 * Creates per-key token buckets, each starting full. `now` returns milliseconds from any
 * monotonic origin; tests pass a fake one.
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number = () => performance.now()): RateLimiter {
  if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
    throw new RangeError(`rate limit needs capacity >= 1 and refillPerSecond > 0, got ${options.capacity} and ${options.refillPerSecond}`);
  }
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.capacity, at: t };
      const elapsedSeconds = Math.max(0, t - bucket.at) / 1000;
      bucket.tokens = Math.min(options.capacity, bucket.tokens + elapsedSeconds * options.refillPerSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      // The epsilon absorbs float drift such as 0.1 + 0.2 so that a token due "now" counts.
      if (bucket.tokens >= 1 - 1e-9) {
        bucket.tokens = Math.max(0, bucket.tokens - 1);
        return { allowed: true };
      }
      const wait = (1 - bucket.tokens) / options.refillPerSecond;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait - 1e-9)) };
    },
  };
}
