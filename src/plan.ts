import { normalizeEmail } from './config/desired.ts';
import { groupInvites } from './current-invites.ts';
import type { EmailInvites } from './current-invites.ts';
import { globsMatcher } from './glob.ts';
import { isGrantLive } from './grant.ts';
import type {
  Change,
  ChangeAction,
  CurrentInvite,
  CurrentMember,
  CurrentOrg,
  CurrentState,
  DesiredInvite,
  DesiredOrg,
  DesiredState,
  Kept,
  OrgPlan,
  Plan,
} from './model.ts';

/**
 * Plans the writes that bring each desired org's invites to the desired state (DESIGN §3), orgs in
 * config order. Pure: `now` decides which grants have ended and which invites have expired.
 * Throws when an org has no current state, or lists one email twice.
 */
export function planChanges(desired: DesiredState, current: CurrentState, now: Date): Plan {
  if (Number.isNaN(now.getTime())) throw new Error('planChanges: now is not a valid date');
  return {
    orgs: desired.orgs.map((org) => {
      // hasOwn: an org named like an Object.prototype key ("constructor") must not read the prototype.
      const state = Object.hasOwn(current.orgs, org.name) ? current.orgs[org.name] : undefined;
      if (state === undefined) throw new Error(`no current state was read for org "${org.name}"`);
      return planOrg(org, state, now);
    }),
  };
}

interface Rows {
  changes: Change[];
  kept: Kept[];
}

function planOrg(org: DesiredOrg, state: CurrentOrg, now: Date): OrgPlan {
  const invites = groupInvites(state.invites, now);
  const members = membersByEmail(state.members);
  const { live, ended } = splitGrants(org, now);
  const isIgnored = globsMatcher(org.ignore);
  const rows: Rows = { changes: [], kept: [] };

  // A listed email that matches ignore is not desired (DESIGN §3: D is taken after ignore).
  // The groups a listed email claims are remembered by identity, not looked up again by email:
  // at a million invites every extra lookup in a big map shows in the run time.
  const claimed = new Set<EmailInvites>();
  for (const invite of live.values()) {
    if (isIgnored(invite.email)) continue;
    const group = invites.get(invite.email);
    if (group !== undefined) claimed.add(group);
    planDesired(org, invite, group, members.get(invite.email), rows);
  }

  let pending = 0;
  for (const [email, group] of invites) {
    pending += group.pending.length;
    if (claimed.has(group)) continue;
    for (const invite of group.pending) {
      if (isIgnored(email)) rows.kept.push(keep(invite, 'ignored'));
      // An ended grant is revoked even without prune: the user asked for it to end.
      else if (org.prune || (ended.size > 0 && ended.has(email))) rows.changes.push(deleteOf(org.name, invite));
      else rows.kept.push(keep(invite, 'unmanaged'));
    }
  }
  for (const [email, invite] of ended) {
    if ((invites.get(email)?.pending.length ?? 0) === 0) rows.kept.push({ email, access: invite.access, reason: 'grant-ended' });
  }

  return {
    name: org.name,
    provider: org.provider,
    changes: rows.changes.sort(compareChanges),
    kept: rows.kept.sort(compareKept),
    members: state.members.length,
    pending,
  };
}

function planDesired(
  org: DesiredOrg,
  invite: DesiredInvite,
  group: EmailInvites | undefined,
  member: CurrentMember | undefined,
  rows: Rows,
): void {
  const { email, access } = invite;
  if (member !== undefined) {
    // Member roles are out of scope, so a member is left alone whatever their access.
    rows.kept.push({ email, access: member.access, reason: 'member' });
    return;
  }
  const pending = group?.pending ?? [];
  const newest = pending[0];
  if (newest !== undefined) {
    const chosen = pending.find((candidate) => candidate.access === access) ?? newest;
    if (chosen.access === access) rows.kept.push(keep(chosen, 'unchanged'));
    else rows.changes.push(replaceOf(org.name, invite, chosen, 'role'));
    for (const stray of pending) {
      if (stray === chosen) continue;
      if (org.prune) rows.changes.push(deleteOf(org.name, stray));
      else rows.kept.push(keep(stray, 'unmanaged'));
    }
    return;
  }
  const expired = group?.expired[0];
  if (expired === undefined) rows.changes.push({ org: org.name, action: 'create', email, to: access, ...extrasOf(invite) });
  else if (org.reinviteExpired) rows.changes.push(replaceOf(org.name, invite, expired, 'expired'));
  else rows.kept.push(keep(expired, 'expired-not-reinvited'));
}

/**
 * Splits the org's listed invites into live grants and ended ones, by normalised email (in
 * config order). One map per kind doubles as the duplicate check: at 1,000,000 invites every
 * extra set of emails shows in the run time.
 */
function splitGrants(org: DesiredOrg, now: Date): { live: Map<string, DesiredInvite>; ended: Map<string, DesiredInvite> } {
  const live = new Map<string, DesiredInvite>();
  const ended = new Map<string, DesiredInvite>();
  for (const listed of org.invites) {
    const email = normalizeEmail(listed.email);
    const invite = email === listed.email ? listed : { ...listed, email };
    const known = live.size + ended.size;
    if (isGrantLive(invite.until, now)) live.set(email, invite);
    else ended.set(email, invite);
    // A set that did not grow, or an email in both maps, is an email listed twice.
    if (live.size + ended.size === known || (ended.size > 0 && live.has(email) && ended.has(email))) {
      throw new Error(`org "${org.name}" lists ${email} more than once`);
    }
  }
  return { live, ended };
}

// Should an API list one member twice, the smallest access wins so the plan never depends on listing order.
function membersByEmail(members: readonly CurrentMember[]): Map<string, CurrentMember> {
  const byEmail = new Map<string, CurrentMember>();
  for (const listed of members) {
    const email = normalizeEmail(listed.email);
    const member = email === listed.email ? listed : { ...listed, email };
    const seen = byEmail.get(member.email);
    if (seen === undefined || member.access < seen.access) byEmail.set(member.email, member);
  }
  return byEmail;
}

function replaceOf(org: string, invite: DesiredInvite, current: CurrentInvite, reason: 'role' | 'expired'): Change {
  return {
    org,
    action: 'replace',
    email: invite.email,
    reason,
    from: current.access,
    to: invite.access,
    inviteId: current.id,
    inviteStatus: reason === 'role' ? 'pending' : 'expired',
    ...extrasOf(invite),
  };
}

function deleteOf(org: string, invite: CurrentInvite): Change {
  return { org, action: 'delete', email: invite.email, from: invite.access, inviteId: invite.id, inviteStatus: 'pending' };
}

function extrasOf(invite: DesiredInvite): Pick<Change, 'firstName' | 'message'> {
  return {
    ...(invite.firstName === undefined ? {} : { firstName: invite.firstName }),
    ...(invite.message === undefined ? {} : { message: invite.message }),
  };
}

function keep(invite: CurrentInvite, reason: Kept['reason']): Kept {
  return { email: invite.email, access: invite.access, reason };
}

const ACTION_RANK: Record<ChangeAction, number> = { delete: 0, replace: 1, create: 2 };

// Past action and email, from and inviteId only order an email's stray duplicate deletes.
function compareChanges(a: Change, b: Change): number {
  return (
    ACTION_RANK[a.action] - ACTION_RANK[b.action] ||
    compareText(a.email, b.email) ||
    compareText(a.from ?? '', b.from ?? '') ||
    compareText(a.inviteId ?? '', b.inviteId ?? '')
  );
}

function compareKept(a: Kept, b: Kept): number {
  return compareText(a.email, b.email) || compareText(a.reason, b.reason) || compareText(a.access, b.access);
}

// Code-unit order, not localeCompare: the plan (and its fingerprint) must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
