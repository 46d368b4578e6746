import pLimit from 'p-limit';
import type { Gate } from '../http.ts';

/**
 * One concurrency limit per credential (`--concurrency`), so orgs that share an API key share
 * its budget of requests in flight. Reads during apply wait their turn like writes.
 */
export function concurrencyGates(concurrency: number): (credentialId: string) => Gate {
  const gates = new Map<string, Gate>();
  return (credentialId) => {
    let gate = gates.get(credentialId);
    if (!gate) {
      const limit = pLimit(concurrency);
      gate = (task) => limit(task);
      gates.set(credentialId, gate);
    }
    return gate;
  };
}
