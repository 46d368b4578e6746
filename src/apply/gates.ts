import pLimit from 'p-limit';
import { InvitectlError } from '../errors.ts';
import type { Gate } from '../http.ts';

/** A request that waited its turn and was not sent because the run was interrupted meanwhile. */
export class NotSentError extends InvitectlError {
  override name = 'NotSentError';
}

/**
 * One concurrency limit per credential (`--concurrency`), so orgs that share an API key share
 * its budget of requests in flight. Reads during apply wait their turn like writes. Once
 * `signal` aborts, a request still waiting in the queue is not sent (Ctrl-C); one in flight finishes.
 */
export function concurrencyGates(concurrency: number, signal?: AbortSignal): (credentialId: string) => Gate {
  const gates = new Map<string, Gate>();
  return (credentialId) => {
    let gate = gates.get(credentialId);
    if (!gate) {
      const limit = pLimit(concurrency);
      gate = (task) => limit(() => (signal?.aborted ? Promise.reject(new NotSentError('apply was interrupted')) : task()));
      gates.set(credentialId, gate);
    }
    return gate;
  };
}
