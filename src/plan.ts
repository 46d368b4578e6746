// planChanges(desired, current, now): the pure planner.
import { classifyInvite, indexByEmail, type EmailRecord } from './email-index.ts';
import { globsMatcher } from './glob.ts';
import { memberCandidate, settleMembers, type MemberCandidate } from './plan-members.ts';
import type {
  Change,
  ChangeAction,
  CreateChange,
  CurrentInvite,
  CurrentMember,
  CurrentOrg,
  CurrentState,
  DesiredInvite,
  DesiredOrg,
  DesiredState,
  Kept,
  MemberChange,
  ReplaceReason,
  LinkInvites,
  OrgPlan,
  Plan,
  ProjectGrant,
} from './model.ts';

/** What a revoke of an invite without an email shows where the email goes. */
export const LINK_INVITE_EMAIL = '(link invite)';

/**
 * Plans the writes that bring each desired org's invites (and, with `members: report|manage`, its
 * members) to the desired state (DESIGN §3), orgs in config order. Pure: `now` decides which grants have ended and which invites have expired.
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
  const links = state.invites.filter((invite) => invite.link === true);
  const records = indexByEmail(org, state, now);
  const isIgnored = globsMatcher(org.ignore);
  const rows: Rows = { changes: [], kept: [] };
  const linkInvites = links.length === 0 ? undefined : planLinkInvites(org, links, now, rows);
  let pending = linkInvites?.revoked === true ? linkInvites.pending : 0;
  const candidates: MemberCandidate[] = [];
  for (const [email, record] of records) {
    // With members unset nothing here runs, so such an org plans exactly as before member management.
    const candidate = org.members === undefined ? undefined : memberCandidate(email, record, isIgnored);
    if (candidate !== undefined) candidates.push(candidate);
    if (record.desired === undefined && record.pending.length === 0 && record.ended === undefined) continue;
    const ignored = isIgnored(email) || anyAddressIgnored(email, record, isIgnored);
    if (isManaged(org, record, ignored)) pending += record.pending.length;
    // A listed email that matches ignore is not desired (DESIGN §3: D is taken after ignore).
    if (record.desired !== undefined && !ignored) {
      // A member whose role changes is the candidate's row, not a kept "member" one.
      if (candidate === undefined) planDesired(org, record.desired, record, record.member, rows);
      continue;
    }
    for (const invite of record.pending) {
      if (ignored) rows.kept.push(keep(invite, 'ignored'));
      // An ended grant is revoked even without prune: the user asked for it to end.
      else if (org.prune || record.ended !== undefined) rows.changes.push(deleteOf(org.name, invite));
      else rows.kept.push(keep(invite, 'unmanaged'));
    }
    const endsHere = record.ended !== undefined && record.pending.length === 0 && candidate === undefined;
    if (endsHere) rows.kept.push({ email, access: record.ended!.access, reason: 'grant-ended' });
  }
  const reported = planMembers(org, candidates, state, rows);
  return {
    name: org.name,
    provider: org.provider,
    changes: rows.changes.sort(compareChanges),
    kept: rows.kept.sort(compareKept),
    members: state.members.length,
    pending,
    ...(linkInvites === undefined ? {} : { linkInvites }),
    ...(reported === undefined ? {} : { reported }),
  };
}

/** Adds the member rows to the plan (`manage`), or returns the changes only reported (`report`); undefined when members are unmanaged. */
function planMembers(org: DesiredOrg, candidates: readonly MemberCandidate[], state: CurrentOrg, rows: Rows): MemberChange[] | undefined {
  if (org.members === undefined) return undefined;
  const members = settleMembers({ ...org, members: org.members }, candidates, state.members);
  rows.kept.push(...members.kept);
  if (org.members.mode === 'manage') {
    rows.changes.push(...members.changes);
    return undefined;
  }
  return members.changes.sort(compareChanges);
}

/**
 * Where an API folds addresses (`jane+x@` is `jane@`), a record's key is the folded form: an
 * ignore pattern naming any of its own addresses still keeps the whole person out of reach.
 */
function anyAddressIgnored(key: string, record: EmailRecord, isIgnored: (email: string) => boolean): boolean {
  // No array is built: this runs once per email, a million times in the large benchmarks.
  const other = (address: string | undefined) => address !== undefined && address !== key && isIgnored(address);
  if (other(record.desired?.email) || other(record.ended?.email)) return true;
  for (const invite of record.pending) if (other(invite.email)) return true;
  return false;
}

/**
 * Invites without an email cannot be listed in a config. A pending one is access anyone with its
 * link may use, unlisted: `prune: true` revokes it like any unlisted invite (and it counts in the
 * mass-delete guard); with prune off it is only counted. Expired ones are only counted.
 */
function planLinkInvites(org: DesiredOrg, links: readonly CurrentInvite[], now: Date, rows: Rows): LinkInvites {
  let pending = 0;
  for (const invite of links) {
    if (!isLive(invite, now)) continue;
    pending += 1;
    if (org.prune) rows.changes.push({ ...deleteOf(org.name, invite), email: LINK_INVITE_EMAIL });
  }
  return { pending, expired: links.length - pending, revoked: org.prune && pending > 0 };
}

function isLive(invite: CurrentInvite, now: Date): boolean {
  return classifyInvite(invite, now.getTime()) === 'pending';
}

/**
 * Whether an email's pending invites count in the mass-delete ratio's denominator: only the
 * invites this config could revoke or replace. Ignored ones never are; an unlisted one is only
 * when `prune` is on (with prune off it is unmanaged and can never be deleted, so it must not
 * dilute the ratio either).
 */
function isManaged(org: DesiredOrg, record: EmailRecord, ignored: boolean): boolean {
  if (ignored) return false;
  return org.prune || record.desired !== undefined || record.ended !== undefined;
}

function planDesired(
  org: DesiredOrg,
  invite: DesiredInvite,
  group: Pick<EmailRecord, 'pending' | 'expired'>,
  member: CurrentMember | undefined,
  rows: Rows,
): void {
  const { email, access } = invite;
  if (member !== undefined) {
    // A member's access is member management's (plan-members.ts); here a member is simply kept.
    rows.kept.push({ email, access: member.access, reason: 'member' });
    return;
  }
  const pending = group.pending;
  const newest = pending[0];
  if (newest !== undefined) {
    const chosen =
      pending.find((candidate) => candidate.access === access && sameProjects(invite.projects, candidate.projects)) ??
      pending.find((candidate) => candidate.access === access) ??
      newest;
    if (chosen.access !== access) rows.changes.push(replaceOf(org.name, invite, chosen, 'role'));
    else if (!sameProjects(invite.projects, chosen.projects)) rows.changes.push(replaceOf(org.name, invite, chosen, 'projects'));
    else rows.kept.push(keep(chosen, 'unchanged'));
    for (const stray of pending) {
      if (stray === chosen) continue;
      if (org.prune) rows.changes.push(deleteOf(org.name, stray));
      else rows.kept.push(keep(stray, 'unmanaged'));
    }
    return;
  }
  const expired = group.expired[0];
  if (expired === undefined) rows.changes.push({ org: org.name, action: 'create', email, to: access, ...extrasOf(invite), ...(invite.projects === undefined ? {} : { projects: invite.projects }) });
  else if (org.reinviteExpired) rows.changes.push(replaceOf(org.name, invite, expired, 'expired'));
  else rows.kept.push(keep(expired, 'expired-not-reinvited'));
}

function replaceOf(org: string, invite: DesiredInvite, current: CurrentInvite, reason: ReplaceReason): Change {
  // A create replaces the invite and drops its project grants: send the config's, or carry the current ones over.
  const projects = invite.projects ?? current.projects;
  return {
    org,
    action: 'replace',
    email: invite.email,
    reason,
    from: current.access,
    to: invite.access,
    inviteId: current.id,
    inviteStatus: reason === 'expired' ? 'expired' : 'pending',
    ...extrasOf(invite),
    ...(projects === undefined || (projects.length === 0 && invite.projects === undefined) ? {} : { projects }),
    ...(reason === 'projects' ? { fromProjects: current.projects ?? [] } : {}),
  };
}

/** Whether an invite's grants are what the config asks; a config that states none leaves them unmanaged. */
function sameProjects(desired: readonly ProjectGrant[] | undefined, current: readonly ProjectGrant[] | undefined): boolean {
  if (desired === undefined) return true;
  const key = (grants: readonly ProjectGrant[] | undefined) => (grants ?? []).map((grant) => `${grant.id}:${grant.level}`).sort().join(',');
  return key(desired) === key(current);
}

function deleteOf(org: string, invite: CurrentInvite): Change {
  return { org, action: 'delete', email: invite.email, from: invite.access, inviteId: invite.id, inviteStatus: 'pending' };
}

function extrasOf(invite: DesiredInvite): Pick<CreateChange, 'firstName' | 'message' | 'via'> {
  return {
    ...(invite.firstName === undefined ? {} : { firstName: invite.firstName }),
    ...(invite.message === undefined ? {} : { message: invite.message }),
    ...(invite.via === undefined ? {} : { via: invite.via }),
  };
}

function keep(invite: CurrentInvite, reason: Kept['reason']): Kept {
  return { email: invite.email, access: invite.access, reason };
}

// Member writes come after invite writes: a removal or demotion is the last thing an org's plan does.
const ACTION_RANK: Record<ChangeAction, number> = { delete: 0, replace: 1, create: 2, 'change-role': 3, 'remove-member': 4 };

// Past action and email, from and inviteId only order an email's stray duplicate deletes.
function compareChanges(a: Change, b: Change): number {
  return (
    ACTION_RANK[a.action] - ACTION_RANK[b.action] ||
    compareText(a.email, b.email) ||
    // Stryker disable next-line StringLiteral: only one email's stray revokes tie on action and email, and each has a from
    compareText(a.from ?? '', b.from ?? '') ||
    // Stryker disable next-line StringLiteral: only one email's stray revokes tie on action and email, and each has an inviteId
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
