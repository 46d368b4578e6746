import { normalizeEmail } from './config/desired.ts';
import type { CurrentInvite } from './model.ts';

/** One email's invites as the planner sees them; accepted invites are left out. */
export interface EmailInvites {
  /** Unexpired pending invites, newest first. */
  readonly pending: readonly CurrentInvite[];
  /** Expired invites (by status, or pending past `expiresAt`), newest first. */
  readonly expired: readonly CurrentInvite[];
}

/** The shared empty list of a group with no invites of a kind; never pushed to. */
const NONE: CurrentInvite[] = [];

/**
 * Groups an org's current invites by normalised email and splits them into pending and expired
 * at `now`. The returned invites carry the normalised email. Throws on an unreadable timestamp:
 * guessing an expiry could turn a live invite into a delete.
 */
export function groupInvites(invites: readonly CurrentInvite[], now: Date): Map<string, EmailInvites> {
  const at = now.getTime();
  const groups = new Map<string, Record<keyof EmailInvites, CurrentInvite[]>>();
  for (const invite of invites) {
    const kind = classify(invite, at);
    if (kind === undefined) continue;
    const email = normalizeEmail(invite.email);
    // Copy only when normalising changed the email, and give a group the arrays it uses: at
    // 1,000,000 invites the allocations, and the collector chasing them, are the cost.
    const entry = email === invite.email ? invite : { ...invite, email };
    const group = groups.get(email);
    if (group === undefined) groups.set(email, kind === 'pending' ? { pending: [entry], expired: NONE } : { pending: NONE, expired: [entry] });
    else if (group[kind] === NONE) group[kind] = [entry];
    else group[kind].push(entry);
  }
  for (const group of groups.values()) {
    if (group.pending.length > 1) group.pending.sort(newestFirst);
    if (group.expired.length > 1) group.expired.sort(newestFirst);
  }
  return groups;
}

function classify(invite: CurrentInvite, at: number): keyof EmailInvites | undefined {
  if (invite.status === 'accepted') return undefined;
  if (invite.status === 'expired') return 'expired';
  if (invite.expiresAt === undefined) return 'pending';
  return instant(invite, 'expiresAt', invite.expiresAt) > at ? 'pending' : 'expired';
}

// Ties on createdAt fall back to the id so the choice never depends on the API's listing order.
function newestFirst(a: CurrentInvite, b: CurrentInvite): number {
  const byTime = instant(b, 'createdAt', b.createdAt) - instant(a, 'createdAt', a.createdAt);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function instant(invite: CurrentInvite, field: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invite ${invite.id}: ${field} "${value}" is not a valid timestamp`);
  return ms;
}
