// The rate budget on a fake clock: sliding-log pacing, pauses, and what it reports while waiting.
import { describe, expect, it } from 'vitest';
import { ANTHROPIC_WINDOWS } from '../src/providers/anthropic/config.ts';
import { POSTHOG_WINDOWS } from '../src/providers/posthog/config.ts';
import { MAX_WINDOW_REQUESTS, pacedWindows, RateBudget, RateBudgets, type BudgetWait } from '../src/rate-budget.ts';

/** A clock whose sleep jumps time to the sleeper's wake-up (never back), so concurrent sleepers agree. */
function fakeClock(start = 0) {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: (ms: number) => {
      const wake = clock.t + ms;
      return Promise.resolve().then(() => {
        clock.t = Math.max(clock.t, wake);
      });
    },
  };
  return clock;
}

/** Acquires `n` times in turn and returns the clock time of each send. */
async function sendTimes(budget: RateBudget, clock: { now(): number }, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await budget.acquire();
    times.push(clock.now());
  }
  return times;
}

describe('RateBudget pacing (sliding log)', () => {
  it('sends a full window at once, then each request when the oldest leaves the window', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 3, perMs: 1000 }], clock);
    // Margin: 2 % of the window, at least 500 ms, past the edge, for latency jitter between us and the server.
    expect(await sendTimes(budget, clock, 7)).toEqual([0, 0, 0, 1500, 1500, 1500, 3000]);
  });

  it('never lets more than `requests` into any window, however the sends are spread', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 5, perMs: 1000 }], clock);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      clock.t += (i * 37) % 300;
      await budget.acquire();
      times.push(clock.t);
    }
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(5);
  });

  it('is a log, not a bucket: after a burst it waits for the burst to age out, not for a refill rate', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 480, perMs: 60_000 }], clock);
    await sendTimes(budget, clock, 480);
    clock.t = 30_000;
    // A token bucket would have refilled 240 tokens by now; DRF's log allows nothing until 60 s.
    await budget.acquire();
    expect(clock.t).toBe(61_200);
  });

  it('honours every window: PostHog allows 4,800 in the hour, then waits for the hour', async () => {
    const clock = fakeClock();
    const budget = new RateBudget(POSTHOG_WINDOWS, clock);
    const times = await sendTimes(budget, clock, 4801);
    expect(times.filter((t) => t < 3_600_000)).toHaveLength(4800);
    // Ten minutes of 480 each, then the 4,801st waits for the first to leave the hour.
    expect(times[479]).toBe(0);
    expect(times[480]).toBe(61_200);
    expect(times[4800]).toBeGreaterThanOrEqual(3_600_000);
  });

  it('keeps the timing of concurrent callers within the window', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 2, perMs: 1000 }], clock);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => budget.acquire().then(() => times.push(clock.t))));
    expect(times).toEqual([0, 0, 1500, 1500, 3000, 3000]);
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(2);
  });

  it('refuses windows it could not keep', () => {
    expect(() => new RateBudget([{ requests: 0, perMs: 1000 }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 1.5, perMs: 1000 }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 1, perMs: 0 }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 10_000_000, perMs: 1000 }])).toThrow(RangeError);
  });
});

describe('RateBudget pauses', () => {
  it('holds every request until the pause ends, and a shorter pause never shortens it', async () => {
    const clock = fakeClock(100);
    const budget = new RateBudget([], clock);
    budget.pauseFor(12_000);
    budget.pauseFor(3_000);
    await budget.acquire();
    expect(clock.t).toBe(12_100);
    budget.pauseFor(Number.NaN);
    budget.pauseFor(-5);
    await budget.acquire();
    expect(clock.t).toBe(12_100);
  });

  it('tells throttle listeners once per episode, not once per 429 of the same burst', () => {
    const clock = fakeClock();
    const budget = new RateBudget([], clock);
    let throttles = 0;
    budget.onThrottle(() => throttles++);
    budget.pauseFor(1000);
    budget.pauseFor(1000);
    clock.t = 500;
    budget.pauseFor(2000);
    expect(throttles).toBe(1);
    clock.t = 3000;
    budget.pauseFor(1000);
    expect(throttles).toBe(2);
  });
});

describe('RateBudget reports waits', () => {
  it('says why and for how long requests wait: a pause by status, or a full window', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 480, perMs: 60_000 }], clock);
    const seen: BudgetWait[] = [];
    budget.onWait((wait) => seen.push(wait));
    expect(budget.waitingUntil()).toBeUndefined();

    budget.pauseFor(12_000);
    expect(budget.waitingUntil()).toMatchObject({ reason: 'paused', untilMs: 12_000, message: 'rate limit: paused 12 s by a 429' });
    budget.pauseFor(15_000, 529);
    expect(seen.map((wait) => wait.message)).toEqual(['rate limit: paused 12 s by a 429', 'rate limit: paused 15 s by a 529']);

    clock.t = 15_000;
    await sendTimes(budget, clock, 480);
    clock.t = 68_000;
    expect(budget.waitingUntil()?.message).toBe('pacing: 480/60 s window full, 9 s');
    await Promise.all([budget.acquire(), budget.acquire()]);
    // Two callers waited for two different log entries' edges; each distinct wait is reported once.
    expect(seen.slice(2).map((wait) => wait.reason)).toEqual(['pacing']);
    expect(seen[2]).toMatchObject({ untilMs: 76_200, waitMs: 8200 });
  });

  it('keeps reporting errors away from the requests', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([], clock);
    budget.onWait(() => {
      throw new Error('stream closed');
    });
    budget.onThrottle(() => {
      throw new Error('stream closed');
    });
    expect(() => budget.pauseFor(1000)).not.toThrow();
    await budget.acquire();
    expect(clock.t).toBe(1000);
  });
});

describe('published windows', () => {
  it('pace the real hosts and leave loopback emulators to their 429s', () => {
    expect(pacedWindows(POSTHOG_WINDOWS, 'https://us.posthog.com')).toBe(POSTHOG_WINDOWS);
    expect(pacedWindows(ANTHROPIC_WINDOWS, 'https://api.anthropic.com')).toBe(ANTHROPIC_WINDOWS);
    expect(pacedWindows(POSTHOG_WINDOWS, 'https://posthog.internal.example')).toBe(POSTHOG_WINDOWS);
    for (const url of ['http://127.0.0.1:8710', 'http://localhost:1', 'http://[::1]:80']) expect(pacedWindows(ANTHROPIC_WINDOWS, url)).toEqual([]);
  });

  it('give one budget per credential', () => {
    const budgets = new RateBudgets();
    expect(budgets.budgetFor('posthog', 'k1', [])).toBe(budgets.budgetFor('posthog', 'k1', []));
    expect(budgets.budgetFor('posthog', 'k1', [])).not.toBe(budgets.budgetFor('posthog', 'k2', []));
    expect(budgets.budgetFor('posthog', 'k1', [])).not.toBe(budgets.budgetFor('anthropic', 'k1', []));
  });
});

describe('RateBudget edges (mutation-tested)', () => {
  it.each([
    [1000, 1500],
    [50_000, 51_000],
    [100_000, 102_000],
    [200_000, 202_000],
  ])('waits a margin of 2 %% of a %i ms window, between 500 ms and 2 s, past its edge', async (perMs, next) => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 1, perMs }], clock);
    expect(await sendTimes(budget, clock, 2)).toEqual([0, next]);
  });

  it('accepts windows from 1 to the largest request count, and names the limits when it refuses', () => {
    expect(() => new RateBudget([{ requests: 1, perMs: 1 }])).not.toThrow();
    expect(() => new RateBudget([{ requests: MAX_WINDOW_REQUESTS, perMs: 1000 }])).not.toThrow();
    expect(() => new RateBudget([{ requests: MAX_WINDOW_REQUESTS + 1, perMs: 1000 }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 1, perMs: Number.NaN }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 1, perMs: Number.POSITIVE_INFINITY }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 1, perMs: -1 }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: Number.NaN, perMs: 1000 }])).toThrow(RangeError);
    expect(() => new RateBudget([{ requests: 0, perMs: 7 }])).toThrow(`a rate window needs 1 to ${MAX_WINDOW_REQUESTS} requests per a positive time, got 0 per 7 ms`);
  });

  it('takes a bare `now` function as its clock', () => {
    let t = 0;
    const budget = new RateBudget([], () => t);
    budget.pauseFor(1000);
    expect(budget.waitingUntil()).toMatchObject({ untilMs: 1000, waitMs: 1000 });
    t = 400;
    expect(budget.waitingUntil()).toMatchObject({ untilMs: 1000, waitMs: 600 });
    t = 1000;
    expect(budget.waitingUntil()).toBeUndefined();
  });

  it.each([
    [400, 'rate limit: paused 1 s by a 429'],
    [1000, 'rate limit: paused 1 s by a 429'],
    [1001, 'rate limit: paused 2 s by a 429'],
    [119_000, 'rate limit: paused 119 s by a 429'],
    [120_000, 'rate limit: paused 2 min by a 429'],
    [121_000, 'rate limit: paused 3 min by a 429'],
  ])('words a %i ms wait as %j', (ms, message) => {
    const budget = new RateBudget([], fakeClock());
    budget.pauseFor(ms);
    expect(budget.waitingUntil()?.message).toBe(message);
  });

  it('words a window in seconds to the millisecond, and waits for the longest of several windows', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 1, perMs: 1500 }, { requests: 1, perMs: 90_500 }], clock);
    await budget.acquire();
    expect(budget.waitingUntil()).toMatchObject({ reason: 'pacing', untilMs: 92_310, message: 'pacing: 1/90.5 s window full, 93 s' });
    budget.pauseFor(100_000);
    expect(budget.waitingUntil()).toMatchObject({ reason: 'paused', untilMs: 100_000 });
    budget.pauseFor(1000);
    expect(budget.waitingUntil()).toMatchObject({ reason: 'paused', untilMs: 100_000 });
  });

  it('reports a wait when it starts and when it changes, and stops after unsubscribing', () => {
    const clock = fakeClock();
    const budget = new RateBudget([], clock);
    const seen: string[] = [];
    let throttles = 0;
    const stopWaits = budget.onWait((wait) => seen.push(`${wait.reason} ${wait.untilMs} ${wait.waitMs}`));
    const stopThrottles = budget.onThrottle(() => throttles++);
    budget.pauseFor(1000);
    budget.pauseFor(1000);
    clock.t = 200;
    budget.pauseFor(2000);
    expect(seen).toEqual(['paused 1000 1000', 'paused 2200 2000']);
    expect(throttles).toBe(1);
    stopWaits();
    stopThrottles();
    clock.t = 5000;
    budget.pauseFor(3000);
    expect(seen).toHaveLength(2);
    expect(throttles).toBe(1);
  });

  it('starts a new throttle episode exactly when the last pause ends', () => {
    const clock = fakeClock();
    const budget = new RateBudget([], clock);
    let throttles = 0;
    budget.onThrottle(() => throttles++);
    budget.pauseFor(1000);
    clock.t = 999;
    budget.pauseFor(10);
    expect(throttles).toBe(1);
    clock.t = 1009;
    budget.pauseFor(10);
    expect(throttles).toBe(2);
  });

  it.each([
    ['http://127.1.2.3:9', true],
    ['http://127.0.0.1.example.com', false],
    ['http://x127.0.0.1', false],
    ['http://localhost.example.com', false],
    ['not a url', false],
  ])('treats %s as loopback: %s', (url, loopback) => {
    expect(pacedWindows(POSTHOG_WINDOWS, url)).toEqual(loopback ? [] : POSTHOG_WINDOWS);
  });

  it('keeps a budget per credential with the windows of its first request', async () => {
    const budgets = new RateBudgets();
    const budget = budgets.budgetFor('posthog', 'k', [{ requests: 1, perMs: 60_000 }]);
    await budget.acquire();
    expect(budgets.budgetFor('posthog', 'k', []).waitingUntil()?.reason).toBe('pacing');
  });
});

describe('RateBudget on the real clock (mutation-tested)', () => {
  it('starts with no windows and no pause', () => {
    expect(new RateBudget().waitingUntil()).toBeUndefined();
  });

  it('stops waiting when the caller aborts', async () => {
    const budget = new RateBudget();
    budget.pauseFor(60_000);
    const controller = new AbortController();
    const acquired = budget.acquire(controller.signal);
    controller.abort();
    await expect(acquired).rejects.toThrow(/abort/i);
  });

  it('sleeps for real without a signal', async () => {
    const budget = new RateBudget();
    budget.pauseFor(5);
    await expect(budget.acquire()).resolves.toBeUndefined();
    expect(budget.waitingUntil()).toBeUndefined();
  });
});

describe('RateBudget ties and odd pauses (mutation-tested)', () => {
  it('paces a window of several requests by its oldest send', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 3, perMs: 1000 }], clock);
    expect(await sendTimes(budget, clock, 7)).toEqual([0, 0, 0, 1500, 1500, 1500, 3000]);
  });

  it('lets each request wait for the send a window ago, not for the first of the window', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 3, perMs: 1000 }], clock);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await budget.acquire();
      times.push(clock.t);
      if (i < 2) clock.t += 100;
    }
    expect(times).toEqual([0, 100, 200, 1500, 1600, 1700]);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('does not hold requests for a pause of %d ms', (ms) => {
    const budget = new RateBudget([], fakeClock(100));
    budget.pauseFor(ms);
    expect(budget.waitingUntil()).toBeUndefined();
  });

  it('keeps the first status of a pause repeated to the same instant', () => {
    const budget = new RateBudget([], fakeClock());
    budget.pauseFor(1000, 429);
    budget.pauseFor(1000, 503);
    expect(budget.waitingUntil()?.message).toBe('rate limit: paused 1 s by a 429');
  });

  it('names the first of two windows that end at the same instant', async () => {
    const clock = fakeClock();
    const budget = new RateBudget([{ requests: 1, perMs: 1000 }, { requests: 2, perMs: 1000 }], clock);
    await sendTimes(budget, clock, 2);
    expect(clock.t).toBe(1500);
    clock.t = 1500;
    const wait = budget.waitingUntil();
    expect(wait?.message).toBe('pacing: 1/1 s window full, 2 s');
  });

  it('treats any 127.x.y.z as loopback, whatever the length of its numbers', () => {
    expect(pacedWindows(POSTHOG_WINDOWS, 'http://127.10.200.30:9')).toEqual([]);
  });
});
