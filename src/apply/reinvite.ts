// Re-invites that revoke first (APIs whose create does not replace): checks before the revoke, and restoring the old invite when the new one is refused.
import type { Change, ChangeFailure, ChangeOutcome } from '../model.ts';
import type { ProviderModule } from '../providers/provider.ts';
import type { OrgApply, SettleDetails } from './context.ts';
import { runCreates } from './creates.ts';

/**
 * Why a re-invite must not revoke the old invite, when that is known before any write: the new
 * access cannot be invited through the API. Undefined when nothing known stands in the way.
 * (Domain rules cannot be known: neither API lists them.)
 */
export function reasonNotToRevoke(change: Change, module: Pick<ProviderModule, 'name' | 'config'>): string | undefined {
  // Access the API can put on an invite: a re-invite to anything else is refused, so it must not revoke.
  const invitable = module.config.accessWords;
  if (change.to !== undefined && invitable.includes(change.to)) return undefined;
  return `not revoked: the ${module.name} API cannot invite with ${JSON.stringify(change.to)} (it can: ${invitable.join(', ')}); the ${change.from} invite is kept`;
}

/** What became of a revoke-first re-invite's create, held back until a restore is tried. */
interface Held {
  outcome: ChangeOutcome;
  details: SettleDetails;
}

/**
 * Runs the creates of re-invites whose old invite is already revoked. A create the API refused
 * is followed by re-creating the old invite (old access, same name and message), and each
 * result says exactly what state the person is in.
 */
export async function createRevoked(revoked: readonly Change[], org: OrgApply): Promise<void> {
  const held = new Map<Change, Held>();
  await runCreates(revoked, { ...org, settle: (change, outcome, details = {}) => void held.set(change, { outcome, details }) });
  const toRestore: Change[] = [];
  for (const change of revoked) {
    const result = held.get(change);
    if (result === undefined) continue;
    if (result.outcome === 'applied' || result.outcome === 'confirmed') org.settle(change, result.outcome, result.details);
    else if (result.details.refused === true) toRestore.push(change);
    else org.settle(change, result.outcome, { ...result.details, failure: explain(change, result, 'unknown') });
  }
  if (toRestore.length === 0) return;

  const restores = new Map(toRestore.map((change): [Change, Change] => [restoreOf(change), change]));
  const restored = new Map<Change, Held>();
  await runCreates([...restores.keys()], { ...org, settle: (restore, outcome, details = {}) => void restored.set(restores.get(restore)!, { outcome, details }) });
  for (const change of toRestore) {
    const refusal = held.get(change)!;
    const restore = restored.get(change);
    const back = restore !== undefined && (restore.outcome === 'applied' || restore.outcome === 'confirmed');
    const failure = explain(change, refusal, back ? 'restored' : 'lost', restore);
    org.settle(change, 'failed', { ...refusal.details, failure });
  }
}

function restoreOf(change: Change): Change {
  const { reason: _reason, inviteId: _id, inviteStatus: _status, from, ...rest } = change;
  return { ...rest, action: 'create', to: from! };
}

/** The one-line account of a re-invite that did not go through, with the person's state at the end. */
function explain(change: Change, result: Held, state: 'unknown' | 'restored' | 'lost', restore?: Held): ChangeFailure {
  const why = result.details.failure?.message ?? 'no reason given';
  const revoked = `revoked the old ${change.from} invite`;
  const base = result.details.failure ?? { message: why };
  if (state === 'unknown') {
    const what = result.outcome === 'skipped' ? `the new ${change.to} invite was not sent (apply was interrupted): the person now has no invite; run apply again` : `the new ${change.to} invite failed: ${why}; the person may have no invite; run plan to see`;
    return { ...base, message: `${revoked}; ${what}` };
  }
  const head = `${revoked}; the new ${change.to} invite was refused: ${why}`;
  if (state === 'restored') return { ...base, message: `${head}; restored the ${change.from} invite (the person was e-mailed again)` };
  const restoreWhy = restore?.details.failure?.message ?? 'not attempted';
  return { ...base, message: `${head}; could not restore the ${change.from} invite (${restoreWhy}): the person now has no invite` };
}
