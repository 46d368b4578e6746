// The JSON renderer: the plan as a stable, documented machine contract.
import type { Change, ChangeAction, Kept, MemberProtection, OrgPlan, RemoveReason, ReplaceReason, SafetyVerdict } from '../model.ts';
import { escapeJsonOutput } from '../sanitize.ts';
import { accessOf, countChanges, countKept, countPlanChanges, prepareInput, verdictOf } from './input.ts';
import type { Access, ChangeCounts, RenderInput, RenderOptions } from './input.ts';

/**
 * One change in the plan JSON (DESIGN §4). No invite or member ids: they are noise for reviewers and change on every re-send.
 * `change-role` has `from` and `to`; `remove-member` has `reason` (`unlisted` or `ended`) and `from`.
 */
export interface JsonChange {
  action: ChangeAction;
  email: string;
  reason?: ReplaceReason | RemoveReason;
  from?: Access;
  to?: Access;
  first_name?: string;
  message?: string;
  /** Project grants the invite is sent with, where the API takes them, as it writes them. */
  projects?: { id: number | string; level: string }[];
  /** The replaced invite's grants, when the re-invite is for them (reason `projects`). */
  from_projects?: { id: number | string; level: string }[];
  /** Why the person is wanted, only when a group is involved: group names, and `direct` when also listed. */
  via?: string[];
}

/** A member the config would change or remove but who is protected (issue #16): left alone, and why. */
export interface JsonProtected {
  email: string;
  /** The member's access now. */
  access: Access;
  protection: MemberProtection;
  /** What the config would have done: the listed access, or `remove`. */
  wanted: Access | 'remove';
}

/** The member-removal guard's part of an org's safety, present when the org manages members (or removes anyone). */
export interface JsonRemovalSafety {
  removals: number;
  members: number;
  max_member_removals: number;
  max_member_removal_ratio: number;
}

/**
 * One org in the plan JSON. `already_members`, `ignored`, `expired_not_reinvited`, `grants_ended` and the safety details add to the
 * contract; with `members: report|manage` (issue #16) so do `protected`, `reported` and the removal guard's safety fields.
 */
export interface JsonOrg {
  name: string;
  provider: OrgPlan['provider'];
  changes: JsonChange[];
  /** Kept `unchanged`: desired and pending with the same access. */
  unchanged: number;
  /** Every member of the org. */
  members: number;
  /** Pending invites left alone because prune is off or they match `ignore`. */
  unmanaged: number;
  /** Desired invitees who are already members. */
  already_members: number;
  /** The part of `unmanaged` that matched `ignore`. */
  ignored: number;
  expired_not_reinvited: number;
  grants_ended: number;
  /** Invites without an email (link invites); absent when none. */
  link_invites?: { pending: number; expired: number; revoked: boolean };
  /** Protected members left alone (`members: report|manage`); absent when none. */
  protected?: JsonProtected[];
  /** With `members: report`: the member changes `manage` would make, never applied nor fingerprinted. */
  reported?: JsonChange[];
  safety: { ok: boolean; deletes: number; pending: number; max_deletes: number; max_delete_ratio: number } & Partial<JsonRemovalSafety>;
}

/** The whole plan JSON, `format_version` 1. */
export interface JsonPlan {
  format_version: 1;
  fingerprint: string;
  orgs: JsonOrg[];
  /** Invite counts always; `change-role` and `remove-member` only when an org manages members. */
  summary: Partial<ChangeCounts>;
  /** Reported member changes (`members: report`), counted apart; absent when no org reports. */
  reported?: Pick<ChangeCounts, 'change-role' | 'remove-member'>;
}

/** Builds the plan JSON object: contract fields first, in DESIGN §4's order, so the output is deterministic. */
export function toJsonPlan(input: RenderInput, options: RenderOptions): JsonPlan {
  const { plan, safety, fingerprint } = prepareInput(input, options, false);
  return {
    format_version: 1,
    fingerprint,
    orgs: plan.orgs.map((org) => jsonOrg(org, verdictOf(safety, org.name))),
    summary: summaryOf(plan),
    ...reportedOf(plan),
  };
}

/** The plan as pretty-printed JSON with a trailing newline (DESIGN §4 "Plan JSON"). */
export function renderJson(input: RenderInput, options: RenderOptions): string {
  return escapeJsonOutput(`${JSON.stringify(toJsonPlan(input, options), null, 2)}\n`);
}

function jsonOrg(org: OrgPlan, verdict: SafetyVerdict): JsonOrg {
  const kept = countKept(org.kept);
  return {
    name: org.name,
    provider: org.provider,
    changes: org.changes.map((change) => jsonChange(org, change)),
    unchanged: kept.unchanged,
    members: org.members,
    unmanaged: kept.unmanaged + kept.ignored,
    already_members: kept.member,
    ignored: kept.ignored,
    expired_not_reinvited: kept['expired-not-reinvited'],
    grants_ended: kept['grant-ended'],
    ...(org.linkInvites === undefined ? {} : { link_invites: { ...org.linkInvites } }),
    ...protectedOf(org),
    ...(org.reported === undefined ? {} : { reported: org.reported.map((change) => jsonChange(org, change)) }),
    safety: {
      ok: verdict.ok,
      deletes: verdict.deletes,
      pending: verdict.pending,
      max_deletes: verdict.limits.maxDeletes,
      max_delete_ratio: verdict.limits.maxDeleteRatio,
      ...(verdict.removals === undefined
        ? {}
        : {
            removals: verdict.removals,
            members: verdict.members ?? org.members,
            max_member_removals: verdict.limits.maxMemberRemovals ?? 0,
            max_member_removal_ratio: verdict.limits.maxMemberRemovalRatio ?? 0,
          }),
    },
  };
}

function protectedOf(org: OrgPlan): { protected?: JsonProtected[] } {
  const rows = org.kept.filter((kept): kept is Kept & { protection: MemberProtection } => kept.reason === 'protected' && kept.protection !== undefined);
  if (rows.length === 0) return {};
  return {
    protected: rows.map((kept) => ({
      email: kept.email,
      access: accessOf(org.provider, kept.access),
      protection: kept.protection,
      wanted: kept.wanted === undefined || kept.wanted === 'remove' ? 'remove' : accessOf(org.provider, kept.wanted),
    })),
  };
}

function reportedOf(plan: RenderInput['plan']): { reported?: Pick<ChangeCounts, 'change-role' | 'remove-member'> } {
  if (!plan.orgs.some((org) => org.reported !== undefined)) return {};
  const counts = countChanges(plan.orgs.flatMap((org) => org.reported ?? []));
  return { reported: { 'change-role': counts['change-role'], 'remove-member': counts['remove-member'] } };
}

function jsonChange(org: OrgPlan, change: Change): JsonChange {
  const json: JsonChange = { action: change.action, email: change.email };
  if (change.reason !== undefined) json.reason = change.reason;
  if (change.from !== undefined) json.from = accessOf(org.provider, change.from);
  if (change.to !== undefined) json.to = accessOf(org.provider, change.to);
  // first_name and message travel with the invite email, so a reviewer sees what will be sent.
  if (change.action !== 'delete' && change.firstName !== undefined) json.first_name = change.firstName;
  if (change.action !== 'delete' && change.message !== undefined) json.message = change.message;
  if (change.projects !== undefined) json.projects = change.projects.map(({ id, level }) => ({ id, level }));
  if (change.action === 'replace' && change.fromProjects !== undefined) json.from_projects = change.fromProjects.map(({ id, level }) => ({ id, level }));
  if (change.via !== undefined) json.via = [...change.via];
  return json;
}

/** Invite counts; member counts join them only when there are member changes (or a report), so earlier plans read as before. */
function summaryOf(plan: RenderInput['plan']): Partial<ChangeCounts> {
  const { 'change-role': roles, 'remove-member': removals, ...invites } = countPlanChanges(plan);
  return roles + removals > 0 || plan.orgs.some((org) => org.reported !== undefined) ? { ...invites, 'change-role': roles, 'remove-member': removals } : invites;
}
