// Counts, kept reasons and verdicts in plain words, shared by the renderers.
import type { Change, Kept, KeptReason, LinkInvites, MemberProtection, ProjectGrant, SafetyVerdict } from '../model.ts';
import { trippedGuards } from '../safety.ts';
import type { ChangeCounts, KeptCounts } from './input.ts';

/** `20000` → `20,000`, the same on every machine (no locale from the environment). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * `2 to invite, 4 to re-invite, 2 to revoke`; with member changes, `…; members: 1 role change, 2 removals`.
 * With `omitZero`, actions with no changes are left out (`2 to invite, 1 role change, 2 member removals`).
 */
export function describeChanges(counts: ChangeCounts, omitZero = false): string {
  const parts: [number, string][] = [
    [counts.create, 'to invite'],
    [counts.replace, 'to re-invite'],
    [counts.delete, 'to revoke'],
  ];
  const invites = parts
    .filter(([n]) => !omitZero || n > 0)
    .map(([n, words]) => `${formatCount(n)} ${words}`)
    .join(', ');
  const roles = counts['change-role'];
  const removals = counts['remove-member'];
  if (omitZero) {
    const members = [roles > 0 ? countOf(roles, 'role change', 'role changes') : '', removals > 0 ? countOf(removals, 'member removal', 'member removals') : ''];
    return [invites, ...members].filter((part) => part !== '').join(', ');
  }
  // Only a plan with member changes says so, so every other plan reads as before.
  return roles + removals === 0 ? invites : `${invites}; ${describeMemberChanges(counts)}`;
}

/** `members: 1 role change, 2 removals`: the member part of a count, said apart from invites. */
export function describeMemberChanges(counts: ChangeCounts): string {
  return `members: ${countOf(counts['change-role'], 'role change', 'role changes')}, ${countOf(counts['remove-member'], 'removal', 'removals')}`;
}

function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `via group data-team` or `via direct, group a, group b`: why a person is wanted, only when a group is involved. */
export function describeVia(change: Change): string {
  if (change.via === undefined || change.via.length === 0) return '';
  return `via ${change.via.map((source) => (source === 'direct' ? 'direct' : `group ${source}`)).join(', ')}`;
}

/** Why a protected member is left alone, and how to change them when the config may: `owner; protected — add override_protection: true to change`. */
export function describeProtection(kept: Kept): string {
  const wanted = kept.wanted === undefined ? '' : `; wanted: ${kept.wanted === 'remove' ? 'removal' : kept.wanted}`;
  const why = PROTECTION_WORDS[kept.protection ?? 'no-id'];
  const fix = kept.protection === undefined || NO_OVERRIDE.has(kept.protection) ? '' : ' — add override_protection: true to change';
  return `${why}; protected${fix}${wanted}`;
}

/** Why each protection applies, in a reviewer's words; a Record so a new protection fails to compile until it has words. */
const PROTECTION_WORDS: Readonly<Record<MemberProtection, string>> = {
  owner: 'owner',
  admin: 'admin-type',
  self: "the API key's own user (key_owner)",
  scim: 'managed by SCIM',
  'service-account': 'a service account',
  'default-user': "the org's default user",
  'last-owner': 'the last owner, never demoted or removed',
  'no-id': 'the API gave no member id',
  'api-refuses': 'a role the API never changes or removes',
};

/** Protections no `override_protection` lifts, so the plan does not suggest one. */
const NO_OVERRIDE: ReadonlySet<MemberProtection> = new Set(['last-owner', 'no-id', 'api-refuses']);

/** Singular and plural wording per kept reason; a Record so a new reason fails to compile until it has words. */
const KEPT_WORDS: Readonly<Record<KeptReason, readonly [string, string]>> = {
  unchanged: ['unchanged', 'unchanged'],
  member: ['already a member', 'already members'],
  unmanaged: ['unmanaged', 'unmanaged'],
  ignored: ['ignored', 'ignored'],
  'expired-not-reinvited': ['expired (not re-invited)', 'expired (not re-invited)'],
  'grant-ended': ['grant ended', 'grants ended'],
  protected: ['protected member', 'protected members'],
};

/** The order kept reasons are listed in: the common ones first. */
const KEPT_ORDER: readonly KeptReason[] = ['unchanged', 'member', 'unmanaged', 'ignored', 'expired-not-reinvited', 'grant-ended', 'protected'];

/** `12 unchanged, 3 already members, 1 unmanaged`, leaving out zero counts; empty when nothing is kept. */
export function describeKept(counts: KeptCounts): string {
  return KEPT_ORDER.filter((reason) => counts[reason] > 0)
    .map((reason) => {
      const n = counts[reason];
      const [one, many] = KEPT_WORDS[reason];
      return `${formatCount(n)} ${n === 1 ? one : many}`;
    })
    .join(', ');
}

/** The note shown next to a kept invitee in a diff: why it is left alone. */
export const KEPT_NOTES: Readonly<Record<KeptReason, string>> = {
  unchanged: '',
  member: 'already a member',
  unmanaged: 'unmanaged',
  ignored: 'ignored',
  'expired-not-reinvited': 'expired, not re-invited',
  'grant-ended': 'grant ended',
  protected: 'protected member',
};

/**
 * Why an org is unsafe, naming each guard that tripped and both its limits: `7 revokes exceed
 * max_deletes (5) and max_delete_ratio (0.25 of 9 managed pending invites)`, and/or `3 member
 * removals exceed max_member_removals (2) and max_member_removal_ratio (0.05 of 10 members)`.
 * Callers add how to proceed, in their own markup.
 */
export function describeUnsafe(verdict: SafetyVerdict): string {
  const tripped = trippedGuards(verdict);
  const parts: string[] = [];
  // A verdict unsafe for a reason neither guard names still gets the revoke wording, never an empty one.
  if (tripped.deletes || !tripped.removals) {
    const reinvites = verdict.reinvites ? ` (${formatCount(verdict.reinvites)} of them by re-inviting)` : '';
    const revokes = `${formatCount(verdict.deletes)} ${verdict.deletes === 1 ? 'revoke' : 'revokes'}${reinvites} ${verdict.deletes === 1 ? 'exceeds' : 'exceed'}`;
    const pending = `${formatCount(verdict.pending)} managed pending ${verdict.pending === 1 ? 'invite' : 'invites'}`;
    parts.push(`${revokes} max_deletes (${verdict.limits.maxDeletes}) and max_delete_ratio (${verdict.limits.maxDeleteRatio} of ${pending})`);
  }
  if (tripped.removals) {
    const removals = verdict.removals ?? 0;
    const members = verdict.members ?? 0;
    const what = `${formatCount(removals)} member ${removals === 1 ? 'removal exceeds' : 'removals exceed'}`;
    parts.push(`${what} max_member_removals (${verdict.limits.maxMemberRemovals}) and max_member_removal_ratio (${verdict.limits.maxMemberRemovalRatio} of ${formatCount(members)} ${members === 1 ? 'member' : 'members'})`);
  }
  return parts.join('; ');
}

/** `projects: 7:member, 9:admin`, or `projects: none`; the plan shows grants like an access. */
export function describeProjects(grants: readonly ProjectGrant[]): string {
  const sorted = [...grants].sort((a, b) => (typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  return `projects: ${sorted.length === 0 ? 'none' : sorted.map((grant) => `${grant.id}:${grant.level}`).join(', ')}`;
}

/**
 * `1 link invite without an email (pending: anyone with its link may join; revoked: prune is on)`:
 * what an org's email-less invites are and what the plan does with them.
 */
export function describeLinkInvites(links: LinkInvites): string {
  const total = links.pending + links.expired;
  const head = `${formatCount(total)} link ${total === 1 ? 'invite' : 'invites'} without an email`;
  const parts: string[] = [];
  if (links.pending > 0) parts.push(`${formatCount(links.pending)} pending, usable by anyone with the link: ${links.revoked ? 'revoked (prune is on)' : 'kept (prune is off)'}`);
  if (links.expired > 0) parts.push(`${formatCount(links.expired)} expired`);
  return `${head} (${parts.join('; ')})`;
}
