// Revoking invites: a 404 is done, an uncertain failure is checked by re-reading, then revoked again.
import type { Change } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import { indexOrg } from './confirm.ts';
import { failureOf, mayRetry, SKIPPED, type OrgApply } from './context.ts';
import { NotSentError } from './gates.ts';

/** How a delete ended, for a replace waiting on it. */
export type DeleteVerdict = { ok: true } | { ok: false; outcome: 'failed' | 'skipped'; reason: string };

/**
 * Revokes each change's invite. A 404 is done; an uncertain failure is checked by re-reading
 * the org, and an invite still pending (or a read that failed) is revoked again: a delete is
 * idempotent, so this goes on while time and the round cap allow.
 * `settleOwn` says whether the change's result is the delete's (a revoke) or waits for a create (a replace).
 */
export async function runDeletes(changes: readonly Change[], org: OrgApply, settleOwn: (change: Change) => boolean): Promise<Map<Change, DeleteVerdict>> {
  const verdicts = new Map<Change, DeleteVerdict>();
  const done = (change: Change, outcome: 'applied' | 'confirmed', requestId?: string) => {
    org.progressed();
    verdicts.set(change, { ok: true });
    if (settleOwn(change)) org.settle(change, outcome, requestId ? { requestId } : {});
  };
  const fail = (change: Change, error: unknown) => {
    const failure = failureOf(error);
    verdicts.set(change, { ok: false, outcome: 'failed', reason: failure.message });
    if (settleOwn(change)) org.settle(change, 'failed', { failure });
  };
  const skip = (change: Change) => {
    verdicts.set(change, { ok: false, outcome: 'skipped', reason: SKIPPED.message });
    if (settleOwn(change)) org.settle(change, 'skipped', { failure: SKIPPED });
  };

  let todo = [...changes];
  for (let round = 1; todo.length > 0; round++) {
    const uncertain: Change[] = [];
    await Promise.all(
      todo.map(async (change) => {
        if (org.aborted()) return skip(change);
        try {
          const result = await org.connection.provider.delete(change.inviteId!);
          done(change, result.value === 'deleted' ? 'applied' : 'confirmed', result.requestId);
        } catch (error) {
          if (error instanceof ProviderError && error.uncertain) uncertain.push(change);
          else if (error instanceof NotSentError) skip(change);
          else {
            if (error instanceof ProviderError) org.progressed();
            fail(change, error);
          }
        }
      }),
    );
    if (uncertain.length === 0) break;
    const current = await org.reread().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const index = current instanceof Error ? undefined : indexOrg(current, org.now());
    const retry = mayRetry(org, round);
    todo = [];
    for (const change of uncertain) {
      if (index && !index.isPending(change.inviteId!)) done(change, 'confirmed');
      else if (retry) todo.push(change);
      else if (current instanceof Error) fail(change, new Error(`the outcome is unknown and re-reading the org failed: ${current.message}`));
      else fail(change, new Error(`still pending after ${round} ${round === 1 ? 'attempt' : 'attempts'}`));
    }
  }
  return verdicts;
}
