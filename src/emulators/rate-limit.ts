// Emulator rate limiting per credential: token buckets, or DRF's sliding logs (Django REST framework throttles).
import type { RateLimitPreset } from './module.ts';

/**
 * Token-bucket settings: a full bucket allows `capacity` requests at once, then
 * `refillPerSecond` requests per second. Each API's real limits sit in its own folder.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

/** One DRF throttle: at most `requests` in any `perSeconds` seconds. */
export interface SlidingWindow {
  requests: number;
  perSeconds: number;
}

/** DRF's `SimpleRateThrottle`s, all checked on every request, as `APIView.check_throttles` does. */
export interface SlidingLogOptions {
  sliding: readonly SlidingWindow[];
}

/** Any of the emulator's limits: a token bucket, or sliding logs. */
export type RateLimit = RateLimitOptions | SlidingLogOptions;

/** Allowed, or refused with the whole seconds until a request would be allowed (at least 1). */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** One limit state per key (credential). */
export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

/** The most keys a limiter tracks; past it the oldest is forgotten, so sprayed keys cannot grow memory. */
const MAX_KEYS = 10_000;
/** The largest window a sliding log may count (its log holds one time per request). */
const MAX_SLIDING_REQUESTS = 100_000;

/** A bucket that allows `requests` per minute, all of them at once when full (the CLI's `--rate-limit N`). */
export function perMinute(requests: number): RateLimitOptions {
  return { capacity: requests, refillPerSecond: requests / 60 };
}

/**
 * Creates per-key limits, each starting empty of use. `now` returns milliseconds from any
 * monotonic origin; tests pass a fake one.
 */
export function createRateLimiter(options: RateLimit, now: () => number = () => performance.now()): RateLimiter {
  return 'sliding' in options ? slidingLimiter(options, now) : bucketLimiter(options, now);
}

function bucketLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
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
      remember(buckets, key, bucket);
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

/** A throttle's history for one key: the last `requests` allowed times (ms), oldest at `head` once full. */
interface History {
  times: number[];
  head: number;
}

function slidingLimiter(options: SlidingLogOptions, now: () => number): RateLimiter {
  if (options.sliding.length === 0) throw new RangeError('a sliding rate limit needs at least one window');
  for (const { requests, perSeconds } of options.sliding) {
    if (!Number.isSafeInteger(requests) || requests < 1 || requests > MAX_SLIDING_REQUESTS || !(perSeconds > 0) || !Number.isFinite(perSeconds)) {
      throw new RangeError(`a sliding window needs 1 to ${MAX_SLIDING_REQUESTS} requests per a positive number of seconds, got ${requests}/${perSeconds}`);
    }
  }
  const keys = new Map<string, History[]>();
  return {
    take(key) {
      const t = now();
      const histories = keys.get(key) ?? options.sliding.map(() => ({ times: [], head: 0 }));
      remember(keys, key, histories);
      let waitMs: number | undefined;
      options.sliding.forEach(({ requests, perSeconds }, i) => {
        const history = histories[i]!;
        const durationMs = perSeconds * 1000;
        // DRF drops entries at or before now - duration, then refuses when `requests` remain.
        const oldest = history.times.length < requests ? undefined : history.times[history.head]!;
        if (oldest !== undefined && oldest > t - durationMs) {
          // DRF's wait(): the time until the oldest entry leaves the window (one request available).
          waitMs = Math.max(waitMs ?? 0, oldest + durationMs - t);
          return;
        }
        // Every throttle that allows the request records it, even when another one refuses it.
        if (history.times.length < requests) history.times.push(t);
        else {
          history.times[history.head] = t;
          history.head = (history.head + 1) % requests;
        }
      });
      // DRF sends `Retry-After: ceil(wait)` in whole seconds.
      return waitMs === undefined ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)) };
    },
  };
}

/** Sets `key`, forgetting the oldest key past MAX_KEYS (Map keeps insertion order). */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key) && map.size >= MAX_KEYS) map.delete(map.keys().next().value!);
  map.set(key, value);
}

const UNITS: Readonly<Record<string, number>> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600, d: 86_400, day: 86_400 };

/** The `--rate-limit` syntax, for help text and errors; `presets` are the APIs' named limits. */
export function rateLimitSyntax(presets: readonly RateLimitPreset[] = []): string {
  const words = ['N', 'N/s|min|h|d', 'sliding:N/UNIT[,N/UNIT…]', ...presets.map((preset) => preset.name)];
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Parses `--rate-limit`: `N` (per minute) or `N/UNIT` is a token bucket; `sliding:…` is DRF's
 * sliding logs; a preset's name (any case) is that API's real limit.
 */
export function parseRateLimitSpec(spec: string, presets: readonly RateLimitPreset[] = []): { ok: true; options: RateLimit } | { ok: false; message: string } {
  const text = spec.trim().toLowerCase();
  const preset = presets.find((candidate) => candidate.name.toLowerCase() === text);
  if (preset) return { ok: true, options: preset.limit };
  const syntax = rateLimitSyntax(presets);
  if (text.startsWith('sliding:')) {
    const windows: SlidingWindow[] = [];
    for (const part of text.slice('sliding:'.length).split(',')) {
      const window = rate(part.trim(), syntax);
      if (typeof window === 'string') return { ok: false, message: window };
      windows.push({ requests: window.requests, perSeconds: window.seconds });
    }
    if (windows.length > 8) return { ok: false, message: 'must have at most 8 sliding windows' };
    return { ok: true, options: { sliding: windows } };
  }
  if (/^\d+$/.test(text)) {
    const requests = Number(text);
    return requests >= 1 && requests <= 1_000_000 ? { ok: true, options: perMinute(requests) } : { ok: false, message: `must be a whole number from 1 to 1000000, got "${text}"` };
  }
  const bucket = rate(text, syntax);
  if (typeof bucket === 'string') return { ok: false, message: bucket };
  return { ok: true, options: { capacity: bucket.requests, refillPerSecond: bucket.requests / bucket.seconds } };
}

function rate(text: string, syntax: string): { requests: number; seconds: number } | string {
  const match = /^(\d{1,7})\/([a-z]+)$/.exec(text);
  const seconds = match && Object.hasOwn(UNITS, match[2]!) ? UNITS[match[2]!] : undefined;
  if (!match || seconds === undefined) return `must be ${syntax}, got "${text.slice(0, 40)}"`;
  const requests = Number(match[1]);
  if (requests < 1 || requests > MAX_SLIDING_REQUESTS) return `must allow 1 to ${MAX_SLIDING_REQUESTS} requests per window, got "${text}"`;
  return { requests, seconds };
}
