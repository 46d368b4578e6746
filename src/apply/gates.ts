// Per-credential concurrency gates that shrink when the server throttles and grow back on success (AIMD).
import pLimit, { type LimitFunction } from 'p-limit';
import { InvitectlError } from '../errors.ts';
import type { Gate } from '../http.ts';
import type { RateBudget } from '../rate-budget.ts';

/** A request that waited its turn and was not sent because the run was interrupted meanwhile. */
export class NotSentError extends InvitectlError {
  override name = 'NotSentError';
}

/** The gate of a credential, by id; given the credential's budget, the gate adapts to its throttling. */
export interface GateFactory {
  (credentialId: string, budget?: RateBudget): Gate;
  /** Requests allowed in flight on this credential right now (undefined before its first gate). */
  limitOf(credentialId: string): number | undefined;
}

interface Entry {
  gate: Gate;
  limit: LimitFunction;
  /** Successes since the limit last changed. */
  successes: number;
  budgets: WeakSet<RateBudget>;
}

/**
 * One concurrency limit per credential (`--concurrency`), so orgs that share an API key share
 * its budget of requests in flight. Reads during apply wait their turn like writes. Once
 * `signal` aborts, a request still waiting in the queue is not sent (Ctrl-C); one in flight finishes.
 *
 * AIMD: when the credential's budget is throttled (a 429 episode), its limit halves (at least 1);
 * each run of successes as long as the limit adds one back, up to `concurrency`.
 */
export function concurrencyGates(concurrency: number, signal?: AbortSignal): GateFactory {
  const entries = new Map<string, Entry>();
  const factory = (credentialId: string, budget?: RateBudget): Gate => {
    let entry = entries.get(credentialId);
    if (!entry) {
      const limit = pLimit(concurrency);
      const created: Entry = { gate: (task) => task(), limit, successes: 0, budgets: new WeakSet() };
      created.gate = (task) =>
        limit(async () => {
          if (signal?.aborted) throw new NotSentError('apply was interrupted');
          const result = await task();
          // Additive increase: one more in flight per `limit` successes, like TCP's congestion avoidance.
          if (++created.successes >= limit.concurrency) {
            created.successes = 0;
            if (limit.concurrency < concurrency) limit.concurrency += 1;
          }
          return result;
        });
      entry = created;
      entries.set(credentialId, entry);
    }
    if (budget && !entry.budgets.has(budget)) {
      entry.budgets.add(budget);
      const throttled = entry;
      budget.onThrottle(() => {
        throttled.limit.concurrency = Math.max(1, Math.floor(throttled.limit.concurrency / 2));
        throttled.successes = 0;
      });
    }
    return entry.gate;
  };
  return Object.assign(factory, { limitOf: (credentialId: string) => entries.get(credentialId)?.limit.concurrency });
}
