import { describe, expect, it } from 'vitest';
import { ANTHROPIC_RATE_LIMIT } from '../../src/emulators/anthropic/rate-limit.ts';
import { POSTHOG_RATE_LIMIT, POSTHOG_SLIDING_LIMIT } from '../../src/emulators/posthog/rate-limit.ts';
import { createRateLimiter, parseRateLimitSpec, perMinute } from '../../src/emulators/rate-limit.ts';
import { EMULATORS } from '../../src/emulators/registry.ts';

const PRESETS = EMULATORS.flatMap((emulator) => emulator.rateLimitPresets);

function fakeTime(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('createRateLimiter', () => {
  it('allows a full bucket at once, then refuses with the seconds until the next token', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 0.5 }, time.now);
    expect([1, 2, 3].map(() => limiter.take('k'))).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    time.advance(1_000);
    // Half a token: one more second to go.
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1_000);
    expect(limiter.take('k')).toEqual({ allowed: true });
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it('refills at the given rate and never beyond capacity', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 10 }, time.now);
    limiter.take('k');
    limiter.take('k');
    time.advance(100);
    expect(limiter.take('k')).toEqual({ allowed: true });
    expect(limiter.take('k').allowed).toBe(false);
    time.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, false]);
  });

  it('does not count refused requests against the bucket', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 1 }, time.now);
    limiter.take('k');
    for (let i = 0; i < 5; i++) expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1_000);
    expect(limiter.take('k')).toEqual({ allowed: true });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 100 }, time.now);
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    const slow = createRateLimiter({ capacity: 1, refillPerSecond: 1 / 60 }, time.now);
    slow.take('k');
    time.advance(30_500);
    expect(slow.take('k')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });

  it('keeps one bucket per key', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 1 }, fakeTime().now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refuses settings that could never allow a request', () => {
    expect(() => createRateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});

describe('presets', () => {
  it('match the documented vendor limits', () => {
    expect(perMinute(60)).toEqual({ capacity: 60, refillPerSecond: 1 });
    expect(POSTHOG_RATE_LIMIT).toEqual({ capacity: 480, refillPerSecond: 8 });
    expect(ANTHROPIC_RATE_LIMIT.capacity).toBe(100);
    expect(ANTHROPIC_RATE_LIMIT.refillPerSecond * 60).toBeCloseTo(100);
  });
});

describe('sliding logs (DRF throttles)', () => {
  it('refuse the request past N in the window with the seconds until the oldest leaves it', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ sliding: [{ requests: 3, perSeconds: 10 }] }, time.now);
    // Allowed at 0, 2 and 4.5 s.
    for (const gap of [0, 2_000, 2_500]) {
      time.advance(gap);
      expect(limiter.take('k')).toEqual({ allowed: true });
    }
    time.advance(1_000);
    // t = 5.5 s after the first: it leaves the window at 10 s, in 4.5 s, so Retry-After: 5.
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 5 });
    time.advance(4_499);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1);
    // DRF drops an entry exactly `duration` old.
    expect(limiter.take('k')).toEqual({ allowed: true });
    // Now the second (at 2 s) is the oldest: until 12 s.
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it('are logs, not buckets: half the window later nothing has refilled', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(POSTHOG_SLIDING_LIMIT, time.now);
    for (let i = 0; i < 480; i++) expect(limiter.take('k').allowed).toBe(true);
    time.advance(30_000);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(createRateLimiter(POSTHOG_RATE_LIMIT, fakeTime().now).take('k').allowed).toBe(true);
  });

  it('check every window like PostHog: 4,800 in the hour, then a wait for the hour', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(POSTHOG_SLIDING_LIMIT, time.now);
    let allowed = 0;
    // 480 a minute for ten minutes fills the hourly log.
    for (let minute = 0; minute < 11; minute++) {
      for (let i = 0; i < 480; i++) if (limiter.take('k').allowed) allowed++;
      time.advance(60_000);
    }
    expect(allowed).toBe(4800);
    // 11 minutes in; the first entries leave the hour at 60 min: 49 minutes.
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 49 * 60 });
  });

  it('record a request in the windows that allow it even when another refuses it, as DRF does', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ sliding: [{ requests: 2, perSeconds: 100 }, { requests: 1, perSeconds: 1 }] }, time.now);
    expect(limiter.take('k').allowed).toBe(true);
    // Refused by the 1/s window, but the 2/100 s window counts it.
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1_000);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 99 });
  });

  it('keep one log per key', () => {
    const limiter = createRateLimiter({ sliding: [{ requests: 1, perSeconds: 60 }] }, fakeTime().now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refuse windows that could never allow a request', () => {
    expect(() => createRateLimiter({ sliding: [] })).toThrow(RangeError);
    expect(() => createRateLimiter({ sliding: [{ requests: 0, perSeconds: 1 }] })).toThrow(RangeError);
    expect(() => createRateLimiter({ sliding: [{ requests: 1, perSeconds: 0 }] })).toThrow(RangeError);
  });
});

describe('--rate-limit syntax', () => {
  it.each([
    ['100', perMinute(100)],
    ['100/min', { capacity: 100, refillPerSecond: 100 / 60 }],
    ['10/s', { capacity: 10, refillPerSecond: 10 }],
    ['posthog', POSTHOG_SLIDING_LIMIT],
    ['PostHog', POSTHOG_SLIDING_LIMIT],
    ['sliding:480/min,4800/h', POSTHOG_SLIDING_LIMIT],
    ['sliding:10/s', { sliding: [{ requests: 10, perSeconds: 1 }] }],
  ])('reads %s', (spec, options) => {
    expect(parseRateLimitSpec(spec, PRESETS)).toEqual({ ok: true, options });
  });

  it.each([['0'], ['10/fortnight'], ['10/constructor'], ['sliding:'], ['sliding:0/s'], ['1,2'], ['x'.repeat(200)]])('refuses %s in one line', (spec) => {
    const result = parseRateLimitSpec(spec, PRESETS);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^must /);
      expect(result.message.length).toBeLessThan(160);
    }
  });
});
