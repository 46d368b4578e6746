import type { Change } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import { failureOf, SKIPPED, type OrgApply } from './context.ts';
import { NotSentError } from './gates.ts';

/** How a delete ended, for a replace waiting on it. */
export type DeleteVerdict = { ok: true } | { ok: false; outcome: 'failed' | 'skipped'; reason: string };

/**
 * Revokes each change's invite. A 404 is done; an uncertain failure is checked by re-reading
 * the org, and an invite still pending is revoked again (a delete is idempotent).
 * `settleOwn` says whether the change's result is the delete's (a revoke) or waits for a create (a replace).
 */
export async function runDeletes(changes: readonly Change[], org: OrgApply, settleOwn: (change: Change) => boolean): Promise<Map<Change, DeleteVerdict>> {
  const verdicts = new Map<Change, DeleteVerdict>();
  const done = (change: Change, outcome: 'applied' | 'confirmed', requestId?: string) => {
    verdicts.set(change, { ok: true });
    if (settleOwn(change)) org.settle(change, outcome, requestId ? { requestId } : {});
  };
  const fail = (change: Change, error: unknown) => {
    const failure = failureOf(error);
    verdicts.set(change, { ok: false, outcome: 'failed', reason: failure.message });
    if (settleOwn(change)) org.settle(change, 'failed', { failure });
  };

  let todo = [...changes];
  for (let round = 1; todo.length > 0; round++) {
    const uncertain: Change[] = [];
    await Promise.all(
      todo.map(async (change) => {
        if (org.aborted()) {
          verdicts.set(change, { ok: false, outcome: 'skipped', reason: SKIPPED.message });
          if (settleOwn(change)) org.settle(change, 'skipped', { failure: SKIPPED });
          return;
        }
        try {
          const result = await org.connection.provider.delete(change.inviteId!);
          done(change, result.value === 'deleted' ? 'applied' : 'confirmed', result.requestId);
        } catch (error) {
          if (error instanceof ProviderError && error.uncertain) uncertain.push(change);
          else if (error instanceof NotSentError) {
            verdicts.set(change, { ok: false, outcome: 'skipped', reason: SKIPPED.message });
            if (settleOwn(change)) org.settle(change, 'skipped', { failure: SKIPPED });
          } else fail(change, error);
        }
      }),
    );
    if (uncertain.length === 0) break;
    const current = await org.reread().catch((error: unknown) => error as Error);
    todo = [];
    for (const change of uncertain) {
      if (current instanceof Error) fail(change, new Error(`the outcome is unknown and re-reading the org failed: ${current.message}`));
      else if (!current.invites.some((invite) => invite.id === change.inviteId && invite.status === 'pending')) done(change, 'confirmed');
      else if (round >= org.maxRounds) fail(change, new Error(`still pending after ${round} attempts`));
      else todo.push(change);
    }
  }
  return verdicts;
}
