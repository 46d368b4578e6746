// Confirming uncertain writes: re-read with backoff, and match changes through an index built once per read.
import { classifyInvite } from '../email-index.ts';
import type { Change, CurrentOrg } from '../model.ts';
import type { OrgApply } from './context.ts';

/** One read of an org, indexed by email: members, and the live pending invites' access. */
export interface OrgIndex {
  /** Done when the invitee is a member, or has a live pending invite with the wanted access. */
  satisfies(change: Change): boolean;
  /** Whether the email has any live pending invite (of any access). */
  hasPending(email: string): boolean;
  /** Whether the invite id is still listed as pending. */
  isPending(inviteId: string): boolean;
}

/**
 * Indexes one read in a single pass (#12: a scan per change was 20k × 120k comparisons).
 * An invite past its `expiresAt` at `now` is not live.
 */
export function indexOrg(current: CurrentOrg, now: Date): OrgIndex {
  const at = now.getTime();
  const members = new Set<string>();
  for (const member of current.members) members.add(member.email);
  // email → access → the ids of live pending invites with it.
  const access = new Map<string, Map<string, string[]>>();
  const pendingIds = new Set<string>();
  for (const invite of current.invites) {
    if (invite.status !== 'pending') continue;
    pendingIds.add(invite.id);
    if (classifyInvite(invite, at) !== 'pending') continue;
    let accesses = access.get(invite.email);
    if (accesses === undefined) access.set(invite.email, (accesses = new Map()));
    const ids = accesses.get(invite.access);
    if (ids === undefined) accesses.set(invite.access, [invite.id]);
    else ids.push(invite.id);
  }
  // A re-invite with unchanged access (its projects changed) is done only once another invite stands in for the old one.
  const hasNew = (change: Change) => (access.get(change.email)?.get(change.to!) ?? []).some((id) => change.action !== 'replace' || id !== change.inviteId);
  return {
    satisfies: (change) => members.has(change.email) || hasNew(change),
    hasPending: (email) => access.has(email),
    isPending: (inviteId) => pendingIds.has(inviteId),
  };
}

/** What confirming found: the changes still not seen, and the last read's error when it failed. */
export interface Unconfirmed {
  missing: Change[];
  readError?: Error;
}

/**
 * Re-reads the org until every change in `unsure` is seen done, or the confirm window ends
 * (backing off between reads: the real APIs do not promise read-after-write). Settles each one
 * seen done as `confirmed`; `stop` may settle others early (e.g. a conflict the read explains).
 */
export async function confirmCreates(unsure: readonly Change[], org: OrgApply, stop: (change: Change, index: OrgIndex) => boolean = () => false): Promise<Unconfirmed> {
  const end = Date.now() + org.confirm.windowMs;
  let missing = [...unsure];
  let delay = org.confirm.firstDelayMs;
  for (;;) {
    let readError: Error | undefined;
    try {
      const index = indexOrg(await org.reread(), org.now());
      missing = missing.filter((change) => {
        if (index.satisfies(change)) {
          org.progressed();
          org.settle(change, 'confirmed');
          return false;
        }
        return !stop(change, index);
      });
    } catch (error) {
      readError = error instanceof Error ? error : new Error(String(error));
    }
    if (missing.length === 0 || org.aborted() || Date.now() + delay > end) return readError ? { missing, readError } : { missing };
    await org.sleep(delay);
    delay = Math.min(delay * 2, org.confirm.maxDelayMs);
  }
}
