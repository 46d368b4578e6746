import { setTimeout as sleep } from 'node:timers/promises';

/** One allowance: at most `requests` in any `perMs` window (a token bucket refilled evenly). */
export interface RateWindow {
  requests: number;
  perMs: number;
}

/** PostHog's throttles apply per personal API key: 480/minute burst and 4,800/hour sustained. */
export const POSTHOG_WINDOWS: readonly RateWindow[] = [
  { requests: 480, perMs: 60_000 },
  { requests: 4800, perMs: 3_600_000 },
];

interface Bucket {
  window: RateWindow;
  tokens: number;
  updatedAt: number;
}

/**
 * The request budget of one credential, shared by every org that uses the same key: known
 * per-key limits paced client-side, and a pause for everyone when the server answers 429.
 */
export class RateBudget {
  readonly #buckets: Bucket[];
  readonly #now: () => number;
  #pausedUntil = 0;

  constructor(windows: readonly RateWindow[] = [], now: () => number = () => performance.now()) {
    this.#now = now;
    this.#buckets = windows.map((window) => ({ window, tokens: window.requests, updatedAt: now() }));
  }

  /** Waits until a request may be sent on this credential, then takes one token from each window. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.#waitMs();
      if (wait <= 0) break;
      await sleep(wait, undefined, signal ? { signal } : {});
    }
    for (const bucket of this.#buckets) bucket.tokens -= 1;
  }

  /** The server said "retry after": hold every request on this credential until then. */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }

  #waitMs(): number {
    const now = this.#now();
    let wait = this.#pausedUntil - now;
    for (const bucket of this.#buckets) {
      const rate = bucket.window.requests / bucket.window.perMs;
      bucket.tokens = Math.min(bucket.window.requests, bucket.tokens + (now - bucket.updatedAt) * rate);
      bucket.updatedAt = now;
      if (bucket.tokens < 1) wait = Math.max(wait, (1 - bucket.tokens) / rate);
    }
    return wait;
  }
}

/** Hands out one budget per credential, so orgs that share a key share its limits. */
export class RateBudgets {
  readonly #budgets = new Map<string, RateBudget>();

  /** The budget for `key` on `provider`, created with `windows` the first time it is asked for. */
  budgetFor(provider: string, key: string, windows: readonly RateWindow[]): RateBudget {
    const id = `${provider}\0${key}`;
    let budget = this.#budgets.get(id);
    if (!budget) {
      budget = new RateBudget(windows);
      this.#budgets.set(id, budget);
    }
    return budget;
  }
}
