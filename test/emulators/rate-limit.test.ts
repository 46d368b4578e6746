import { describe, expect, it } from 'vitest';
import { ANTHROPIC_RATE_LIMIT, createRateLimiter, perMinute, POSTHOG_RATE_LIMIT } from '../../src/emulators/rate-limit.ts';

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
