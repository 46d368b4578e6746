// Sending invites in the batches the API takes, confirming uncertain ones by re-reading, never replaying blind.
import type { Change } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import type { InviteToSend } from '../providers/provider.ts';
import { confirmCreates } from './confirm.ts';
import { failureOf, mayRetry, SKIPPED, type OrgApply } from './context.ts';
import { NotSentError } from './gates.ts';

/**
 * Sends the invites of `changes` (creates and replaces) in batches the API takes. After an
 * uncertain failure it re-reads the org with backoff over a bounded window and sends again only
 * what is still missing after it — never a blind replay, which would e-mail the invitee twice
 * or be refused. Rounds go on while time (`deadline`) and the round cap allow.
 */
export async function runCreates(changes: readonly Change[], org: OrgApply): Promise<void> {
  let todo = [...changes];
  // Changes re-sent on their own: the first still missing of a batch whose outcome was unknown.
  let alone = new Set<Change>();
  for (let round = 1; todo.length > 0; round++) {
    const uncertain: Change[] = [];
    const uncertainBatches: Change[][] = [];
    const conflicted = new Map<Change, unknown>();
    const batches = [...[...alone].map((change) => [change]), ...chunk(todo.filter((change) => !alone.has(change)), org.connection.capabilities.maxBatch)];
    await Promise.all(batches.map((batch) => sendBatch(batch, org, uncertain, conflicted, uncertainBatches)));
    if (uncertain.length === 0 && conflicted.size === 0) return;
    // A conflict the read explains (the email holds a live invite with other access) fails at once.
    const explained = (change: Change, index: { hasPending(email: string): boolean }) => {
      if (!conflicted.has(change) || !index.hasPending(change.email)) return false;
      org.settle(change, 'failed', { failure: failureOf(conflicted.get(change)) });
      return true;
    };
    const { missing, readError } = await confirmCreates([...uncertain, ...conflicted.keys()], org, explained);
    todo = [];
    // An API that writes a batch in order and stops at a failing item left that item first among
    // the missing: send it alone, so a refusal of that item is definite and the rest goes through.
    const stillMissing = new Set(missing);
    const firsts = new Set(uncertainBatches.filter((batch) => batch.length > 1).flatMap((batch) => batch.filter((change) => stillMissing.has(change)).slice(0, 1)));
    const retry = mayRetry(org, round);
    for (const change of missing) {
      if (conflicted.has(change)) org.settle(change, 'failed', { failure: failureOf(conflicted.get(change)) });
      else if (readError) org.settle(change, 'failed', { failure: failureOf(new Error(`the outcome is unknown and re-reading the org failed: ${readError.message}; run plan to see`)) });
      else if (retry) todo.push(change);
      else org.settle(change, 'failed', { failure: { message: `the outcome stayed unknown after ${round} ${round === 1 ? 'attempt' : 'attempts'}${org.aborted() ? ' (apply was interrupted)' : ''}; run plan to see` } });
    }
    alone = new Set(todo.filter((change) => firsts.has(change)));
  }
}

async function sendBatch(batch: readonly Change[], org: OrgApply, uncertain: Change[], conflicted: Map<Change, unknown>, uncertainBatches: Change[][]): Promise<void> {
  if (org.aborted()) {
    for (const change of batch) org.settle(change, 'skipped', { failure: SKIPPED });
    return;
  }
  try {
    const result = await org.connection.provider.create(batch.map(toSend));
    org.progressed();
    for (const change of batch) {
      const note = result.notes?.get(change.email);
      org.settle(change, 'applied', { ...(result.requestId ? { requestId: result.requestId } : {}), ...(note === undefined ? {} : { failure: { message: note } }) });
    }
  } catch (error) {
    if (error instanceof ProviderError && error.uncertain) {
      uncertain.push(...batch);
      uncertainBatches.push([...batch]);
      return;
    }
    if (error instanceof ProviderError) org.progressed();
    // "Someone already did this" is true only once a re-read confirms it.
    if (error instanceof ProviderError && error.meaning === 'already-done') {
      for (const change of batch) conflicted.set(change, error);
    } else if (error instanceof NotSentError) {
      for (const change of batch) org.settle(change, 'skipped', { failure: SKIPPED });
    } else if (batch.length > 1 && error instanceof ProviderError && error.meaning === 'item-rejected') {
      // A batch the API refused for an item's content created nothing: drop the invitee it blamed,
      // or send it again in halves to find them (a few calls, not one per invitee), so one bad
      // invitee fails alone. Other failures (401, 429, …) are the whole call's.
      const blamed = error.itemIndex === undefined ? undefined : batch[error.itemIndex];
      if (blamed) org.settle(blamed, 'failed', { failure: failureOf(error), refused: true });
      const rest = batch.filter((change) => change !== blamed);
      const halves = blamed ? [rest] : [rest.slice(0, Math.ceil(rest.length / 2)), rest.slice(Math.ceil(rest.length / 2))];
      await Promise.all(halves.filter((half) => half.length > 0).map((half) => sendBatch(half, org, uncertain, conflicted, uncertainBatches)));
    } else {
      // A definite answer from the API (not uncertain): it created nothing.
      const refused = error instanceof ProviderError;
      for (const change of batch) org.settle(change, 'failed', { failure: failureOf(error), refused });
    }
  }
}

function toSend(change: Change): InviteToSend {
  return {
    email: change.email,
    access: change.to!,
    ...(change.firstName === undefined ? {} : { firstName: change.firstName }),
    ...(change.message === undefined ? {} : { message: change.message }),
    ...(change.projects === undefined ? {} : { projects: change.projects }),
    ...(change.action === 'replace' && change.inviteStatus === 'pending' ? { replaces: change.inviteId } : {}),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
