import type { Change, CurrentOrg } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import type { InviteToSend } from '../providers/provider.ts';
import { failureOf, SKIPPED, type OrgApply } from './context.ts';
import { NotSentError } from './gates.ts';

/** A 400 (invalid item) or 403 (a level above the caller's) on a batch: nothing in it was created. */
const SPLIT_STATUSES = new Set([400, 403]);

/** Answers that mean "someone already did this": true only once a re-read confirms it. */
const ALREADY_DONE_CODES = new Set(['invite_already_exists', 'already_member']);

/**
 * Sends the invites of `changes` (creates and replaces) in batches the API takes. After an
 * uncertain failure it re-reads the org and sends only what is still missing — never a blind
 * replay, which would e-mail the invitee twice (PostHog) or be refused (Anthropic).
 */
export async function runCreates(changes: readonly Change[], org: OrgApply): Promise<void> {
  let todo = [...changes];
  for (let round = 1; todo.length > 0; round++) {
    const uncertain: Change[] = [];
    const conflicted = new Map<Change, unknown>();
    const batches = chunk(todo, org.connection.capabilities.maxBatch);
    await Promise.all(batches.map((batch) => sendBatch(batch, org, uncertain, conflicted)));
    const unsure = [...uncertain, ...conflicted.keys()];
    if (unsure.length === 0) return;
    const current = await org.reread().catch((error: unknown) => error as Error);
    todo = [];
    for (const change of unsure) {
      if (current instanceof Error) org.settle(change, 'failed', { failure: failureOf(new Error(`the outcome is unknown and re-reading the org failed: ${current.message}; run plan to see`)) });
      else if (isSatisfied(change, current, org.now())) org.settle(change, 'confirmed');
      else if (conflicted.has(change)) org.settle(change, 'failed', { failure: failureOf(conflicted.get(change)) });
      else if (round >= org.maxRounds) org.settle(change, 'failed', { failure: { message: `the outcome stayed unknown after ${round} attempts; run plan to see` } });
      else todo.push(change);
    }
  }
}

async function sendBatch(batch: readonly Change[], org: OrgApply, uncertain: Change[], conflicted: Map<Change, unknown>): Promise<void> {
  if (org.aborted()) {
    for (const change of batch) org.settle(change, 'skipped', { failure: SKIPPED });
    return;
  }
  try {
    const result = await org.connection.provider.create(batch.map(toSend));
    for (const change of batch) org.settle(change, 'applied', result.requestId ? { requestId: result.requestId } : {});
  } catch (error) {
    if (error instanceof ProviderError && error.uncertain) {
      uncertain.push(...batch);
    } else if (error instanceof ProviderError && error.code && ALREADY_DONE_CODES.has(error.code)) {
      for (const change of batch) conflicted.set(change, error);
    } else if (error instanceof NotSentError) {
      for (const change of batch) org.settle(change, 'skipped', { failure: SKIPPED });
    } else if (batch.length > 1 && error instanceof ProviderError && SPLIT_STATUSES.has(error.status ?? 0)) {
      // A batch the API refused for its content created nothing (PostHog validates every item,
      // levels included, before it writes any): drop the invitee it blamed, or send one by one to
      // find them, so one bad invitee fails alone. Other failures (401, 429, …) are the whole call's.
      const blamed = error.itemIndex === undefined ? undefined : batch[error.itemIndex];
      if (blamed) org.settle(blamed, 'failed', { failure: failureOf(error) });
      const rest = batch.filter((change) => change !== blamed);
      if (blamed) await sendBatch(rest, org, uncertain, conflicted);
      else await Promise.all(rest.map((change) => sendBatch([change], org, uncertain, conflicted)));
    } else {
      for (const change of batch) org.settle(change, 'failed', { failure: failureOf(error) });
    }
  }
}

/** Done when the invitee is a member, or has a live pending invite with the wanted access. */
function isSatisfied(change: Change, current: CurrentOrg, now: Date): boolean {
  if (current.members.some((member) => member.email === change.email)) return true;
  return current.invites.some(
    (invite) =>
      invite.email === change.email &&
      invite.status === 'pending' &&
      invite.access === change.to &&
      (invite.expiresAt === undefined || Date.parse(invite.expiresAt) > now.getTime()),
  );
}

function toSend(change: Change): InviteToSend {
  return {
    email: change.email,
    access: change.to!,
    ...(change.firstName === undefined ? {} : { firstName: change.firstName }),
    ...(change.message === undefined ? {} : { message: change.message }),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
