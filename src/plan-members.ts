// The member part of the pure planner (issue #16): role changes, removals, and who is protected from them.
import { emailFoldOf, type EmailRecord } from './email-index.ts';
import type { CurrentMember, DesiredInvite, DesiredOrg, Kept, MemberChange, MemberManagement, MemberProtection, RemoveReason } from './model.ts';

/** A member the config would change or remove, before protection is decided. */
export interface MemberCandidate {
  /** The record's key (the folded email). */
  key: string;
  member: CurrentMember;
  /** The member's config entry (live or ended), whose `override_protection` may lift a protection. */
  entry?: DesiredInvite;
  /** The listed access to change to; absent for a removal. */
  to?: string;
  reason?: RemoveReason;
}

/** What member management adds to an org's plan: the member changes and the protected members left alone. */
export interface MemberRows {
  changes: MemberChange[];
  kept: Kept[];
}

/**
 * What `members: report|manage` would do to one email's member, or undefined when nothing: a listed
 * member with another access is changed, an ended one removed, an unlisted one removed. Members
 * matched by `ignore` (any of their addresses) and members without an email are left alone.
 */
export function memberCandidate(key: string, record: EmailRecord, isIgnored: (email: string) => boolean): MemberCandidate | undefined {
  const member = record.member;
  if (member === undefined || member.email === '') return undefined;
  const addresses = [key, member.email, record.desired?.email, record.ended?.email];
  if (addresses.some((address) => address !== undefined && isIgnored(address))) return undefined;
  if (record.desired !== undefined) {
    if (record.desired.access === member.access) return undefined;
    return { key, member, entry: record.desired, to: record.desired.access };
  }
  if (record.ended !== undefined) return { key, member, entry: record.ended, reason: 'ended' };
  return { key, member, reason: 'unlisted' };
}

/**
 * Decides each candidate: a change, or a protected kept row saying why and what was wanted.
 * Protections, in order: access the API itself never changes (`api-refuses`, which no override
 * lifts); what the API marks (`managedBy`), the key owner (`self`), owner- and admin-type access,
 * each lifted by `override_protection` on that person's entry; a member without an id (`no-id`);
 * and finally the last owner: changes that take away an owner access are allowed (in email order)
 * only while another current owner remains; promotions in the same plan do not count, since apply
 * may run them after the demotion.
 */
export function settleMembers(org: DesiredOrg & { members: MemberManagement }, candidates: readonly MemberCandidate[], members: readonly CurrentMember[]): MemberRows {
  const { members: management } = org;
  const owners = new Set(management.ownerAccess);
  const fold = emailFoldOf(org.provider);
  const keyOwner = management.keyOwner === undefined ? undefined : fold(management.keyOwner);
  let remainingOwners = members.filter((member) => owners.has(member.access)).length;
  const rows: MemberRows = { changes: [], kept: [] };
  const sorted = [...candidates].sort((a, b) => (a.member.email < b.member.email ? -1 : a.member.email > b.member.email ? 1 : 0));
  for (const candidate of sorted) {
    const { member } = candidate;
    let protection = protectionOf(candidate, management, keyOwner);
    const losesOwner = owners.has(member.access) && (candidate.to === undefined || !owners.has(candidate.to));
    if (protection === undefined && losesOwner) {
      if (remainingOwners <= 1) protection = 'last-owner';
      else remainingOwners -= 1;
    }
    if (protection !== undefined) {
      rows.kept.push({ email: member.email, access: member.access, reason: 'protected', protection, wanted: candidate.to ?? 'remove' });
      continue;
    }
    const memberId = member.id as string; // protectionOf returned no-id otherwise
    if (candidate.to !== undefined) rows.changes.push({ org: org.name, action: 'change-role', email: member.email, from: member.access, to: candidate.to, memberId, ...(candidate.entry?.via === undefined ? {} : { via: candidate.entry.via }) });
    else rows.changes.push({ org: org.name, action: 'remove-member', email: member.email, reason: candidate.reason ?? 'unlisted', from: member.access, memberId });
  }
  return rows;
}

function protectionOf(candidate: MemberCandidate, management: MemberManagement, keyOwner: string | undefined): MemberProtection | undefined {
  const { member } = candidate;
  // A change the API would refuse is never planned, override or not: the plan says so instead.
  if (management.fixedAccess?.includes(member.access) === true) return 'api-refuses';
  if (candidate.entry?.overrideProtection !== true) {
    if (member.managedBy !== undefined) return member.managedBy;
    if (keyOwner !== undefined && (candidate.key === keyOwner || member.email === management.keyOwner)) return 'self';
    if (management.ownerAccess.includes(member.access)) return 'owner';
    if (management.protectedAccess.includes(member.access)) return 'admin';
  }
  // Without the API's id the member cannot be addressed at all: no override helps.
  return member.id === undefined || member.id === '' ? 'no-id' : undefined;
}
