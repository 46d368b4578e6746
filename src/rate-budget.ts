// Client-side request budget per credential: sliding-log pacing to known limits, and 429 pauses.
import { setTimeout as sleep } from 'node:timers/promises';

/** One allowance: at most `requests` sent in any `perMs` milliseconds (a sliding log, as DRF counts). */
export interface RateWindow {
  requests: number;
  perMs: number;
}

/**
 * The server logs a request when it arrives, later than we logged it by a latency that varies
 * (connection setup, a busy machine); waiting 2 % of the window past its edge, at least 500 ms
 * and at most 2 s, absorbs that jitter.
 */
const MARGIN_SHARE = 0.02;
const MIN_MARGIN_MS = 500;
const MAX_MARGIN_MS = 2000;

/** The largest `requests` a window may hold: its log keeps one timestamp per request. */
export const MAX_WINDOW_REQUESTS = 100_000;

/**
 * The windows to pace an org to by default: the provider's published ones, except on a loopback
 * origin (the sandbox, a test emulator), whose limits are unknown and paced by its 429s alone.
 * A config's own windows (`org.rateWindows`) are used as given, loopback included.
 */
export function pacedWindows(published: readonly RateWindow[], baseUrl: string): readonly RateWindow[] {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return published;
  }
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return loopback ? [] : published;
}

/** Why requests on a credential are waiting, for progress output. */
export interface BudgetWait {
  reason: 'paused' | 'pacing';
  /** On the budget's clock. */
  untilMs: number;
  waitMs: number;
  /** e.g. "rate limit: paused 12 s by a 429" or "pacing: 480/60 s window full, 8 s". */
  message: string;
}

/** Time as the budget sees it; tests inject a fake one whose `sleep` advances `now`. */
export interface BudgetClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: BudgetClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
};

/** A window's log: the last `requests` send times in a ring; the slot at `head` is the oldest. */
interface Log {
  window: RateWindow;
  /** Extra wait past the window's edge, for clock skew and latency jitter between us and the server. */
  marginMs: number;
  sent: Float64Array;
  head: number;
}

/**
 * The request budget of one credential, shared by every org that uses the same key: known
 * per-key limits paced client-side, and a pause for everyone when the server answers 429.
 */
export class RateBudget {
  readonly #logs: Log[];
  readonly #clock: BudgetClock;
  readonly #waitListeners = new Set<(wait: BudgetWait) => void>();
  readonly #throttleListeners = new Set<() => void>();
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #pauseStatus = 429;
  #lastEmitted: { reason: string; untilMs: number } | undefined;

  /** `clock` may be just a `now` function (sleeping for real) or a whole fake clock. */
  constructor(windows: readonly RateWindow[] = [], clock: (() => number) | Partial<BudgetClock> = {}) {
    const partial = typeof clock === 'function' ? { now: clock } : clock;
    this.#clock = { now: partial.now ?? realClock.now, sleep: partial.sleep ?? realClock.sleep };
    this.#logs = windows.map((window) => {
      if (!Number.isSafeInteger(window.requests) || window.requests < 1 || window.requests > MAX_WINDOW_REQUESTS || !(window.perMs > 0) || !Number.isFinite(window.perMs)) {
        throw new RangeError(`a rate window needs 1 to ${MAX_WINDOW_REQUESTS} requests per a positive time, got ${window.requests} per ${window.perMs} ms`);
      }
      return { window, marginMs: Math.min(Math.max(window.perMs * MARGIN_SHARE, MIN_MARGIN_MS), MAX_MARGIN_MS), sent: new Float64Array(window.requests).fill(Number.NEGATIVE_INFINITY), head: 0 };
    });
  }

  /** Waits until a request may be sent on this credential, then logs it in every window. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.waitingUntil();
      if (!wait) break;
      this.#emit(wait);
      await this.#clock.sleep(wait.waitMs, signal);
    }
    const now = this.#clock.now();
    for (const log of this.#logs) {
      log.sent[log.head] = now;
      log.head = (log.head + 1) % log.sent.length;
    }
  }

  /**
   * The server said "retry after" (`status`: 429, or 503/529 with Retry-After): hold every
   * request on this credential until then. The first pause of an episode tells `onThrottle`.
   */
  pauseFor(ms: number, status = 429): void {
    const now = this.#clock.now();
    const until = now + (Number.isFinite(ms) && ms > 0 ? ms : 0);
    const episodeStarts = now >= this.#pausedUntil;
    if (until > this.#pausedUntil) {
      this.#pausedUntil = until;
      this.#pauseStatus = status;
      this.#emit(this.#pauseWait(now));
    }
    if (episodeStarts) for (const listener of this.#throttleListeners) quietly(listener);
  }

  /** Why and until when a request sent now would wait, or undefined when it could go at once. */
  waitingUntil(): BudgetWait | undefined {
    const now = this.#clock.now();
    let wait = now < this.#pausedUntil ? this.#pauseWait(now) : undefined;
    for (const log of this.#logs) {
      const until = log.sent[log.head]! + log.window.perMs + log.marginMs;
      if (until > now && (!wait || until > wait.untilMs)) {
        const { requests, perMs } = log.window;
        wait = { reason: 'pacing', untilMs: until, waitMs: until - now, message: `pacing: ${requests}/${seconds(perMs)} window full, ${duration(until - now)}` };
      }
    }
    return wait;
  }

  /** Calls `listener` whenever requests start waiting (once per new wait, not per request). Returns an unsubscribe. */
  onWait(listener: (wait: BudgetWait) => void): () => void {
    this.#waitListeners.add(listener);
    return () => this.#waitListeners.delete(listener);
  }

  /** Calls `listener` when the server throttles a credential that was not already paused (the gate's AIMD). */
  onThrottle(listener: () => void): () => void {
    this.#throttleListeners.add(listener);
    return () => this.#throttleListeners.delete(listener);
  }

  #pauseWait(now: number): BudgetWait {
    const waitMs = this.#pausedUntil - now;
    return { reason: 'paused', untilMs: this.#pausedUntil, waitMs, message: `rate limit: paused ${duration(waitMs)} by a ${this.#pauseStatus}` };
  }

  #emit(wait: BudgetWait): void {
    const last = this.#lastEmitted;
    if (last && last.reason === wait.reason && last.untilMs === wait.untilMs) return;
    this.#lastEmitted = { reason: wait.reason, untilMs: wait.untilMs };
    for (const listener of this.#waitListeners) quietly(() => listener(wait));
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

/** A listener's failure (say, a closed progress stream) must not fail the request it reports on. */
function quietly(listener: () => void): void {
  try {
    listener();
  } catch {
    // Reporting is best effort.
  }
}

function seconds(ms: number): string {
  return `${Math.round((ms / 1000) * 1000) / 1000} s`;
}

function duration(ms: number): string {
  const s = Math.ceil(ms / 1000 - 1e-9);
  return s < 120 ? `${Math.max(s, 1)} s` : `${Math.ceil(s / 60)} min`;
}
