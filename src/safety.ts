// The mass-delete guards: a pure verdict per org on how many pending invites a plan revokes and how many members it removes.
import type { Change, OrgPlan, Plan, SafetyLimits, SafetyVerdict } from './model.ts';
import { providerModule } from './providers/registry.ts';

/**
 * The mass-delete guard (DESIGN §5), per org by name: a plan is unsafe when its revokes exceed
 * both `maxDeletes` and `maxDeleteRatio` of the org's managed pending invites (`OrgPlan.pending`).
 * A revoke is a delete, or a replace of a pending invite where the API cannot replace it
 * server-side (it revokes first, so a refused create would leave the person with nothing).
 * Member removals (`remove-member`) have their own guard, counted apart: unsafe when they exceed
 * both `maxMemberRemovals` (default 2) and `maxMemberRemovalRatio` (default 0.05) of the org's
 * members. It is judged (and `removals` set) when the limits name it (the org manages members) or
 * the plan removes anyone. Either guard tripping makes the org unsafe.
 * Throws when an org in the plan has no limits: a missing limit must not pass as "safe".
 */
export function checkSafety(plan: Plan, limits: Readonly<Record<string, SafetyLimits>>): Record<string, SafetyVerdict> {
  const verdicts: Record<string, SafetyVerdict> = {};
  for (const org of plan.orgs) {
    // hasOwn: an org named like an Object.prototype key ("constructor") must not read the prototype.
    const orgLimits = Object.hasOwn(limits, org.name) ? limits[org.name] : undefined;
    if (orgLimits === undefined) throw new Error(`no safety limits given for org "${org.name}"`);
    verdicts[org.name] = verdictFor(org, orgLimits);
  }
  return verdicts;
}

/** Built-in member-removal limits, when an org's limits do not name them (issue #16). */
export const DEFAULT_REMOVAL_LIMITS = { maxMemberRemovals: 2, maxMemberRemovalRatio: 0.05 } as const;

function verdictFor(org: OrgPlan, limits: SafetyLimits): SafetyVerdict {
  const revokesOnReplace = !providerModule(org.provider).capabilities.createReplacesExisting;
  const reinvites = revokesOnReplace ? org.changes.filter(isPendingReplace).length : 0;
  const deletes = org.changes.filter((change) => change.action === 'delete').length + reinvites;
  const verdict: SafetyVerdict = { ok: !exceeds(deletes, org.pending, limits.maxDeletes, limits.maxDeleteRatio), deletes, ...(reinvites > 0 ? { reinvites } : {}), pending: org.pending, limits: { ...limits } };
  const removals = org.changes.filter((change) => change.action === 'remove-member').length;
  if (removals === 0 && limits.maxMemberRemovals === undefined && limits.maxMemberRemovalRatio === undefined) return verdict;
  const maxMemberRemovals = limits.maxMemberRemovals ?? DEFAULT_REMOVAL_LIMITS.maxMemberRemovals;
  const maxMemberRemovalRatio = limits.maxMemberRemovalRatio ?? DEFAULT_REMOVAL_LIMITS.maxMemberRemovalRatio;
  return {
    ...verdict,
    ok: verdict.ok && !exceeds(removals, org.members, maxMemberRemovals, maxMemberRemovalRatio),
    limits: { ...limits, maxMemberRemovals, maxMemberRemovalRatio },
    removals,
    members: org.members,
  };
}

/** Whether `count` exceeds both the cap and the ratio of `base` (with nothing to divide by, any count exceeds the ratio). */
function exceeds(count: number, base: number, cap: number, ratio: number): boolean {
  // Dividing (rather than multiplying the ratio) keeps the boundary exact: 57/100 and 0.57 are the same double.
  return count > cap && (base === 0 ? count > 0 : count / base > ratio);
}

/** Which of a verdict's guards tripped: the invite revokes, the member removals (for messages that name them). */
export function trippedGuards(verdict: SafetyVerdict): { deletes: boolean; removals: boolean } {
  const { limits } = verdict;
  return {
    deletes: exceeds(verdict.deletes, verdict.pending, limits.maxDeletes, limits.maxDeleteRatio),
    removals:
      verdict.removals !== undefined &&
      exceeds(verdict.removals, verdict.members ?? 0, limits.maxMemberRemovals ?? DEFAULT_REMOVAL_LIMITS.maxMemberRemovals, limits.maxMemberRemovalRatio ?? DEFAULT_REMOVAL_LIMITS.maxMemberRemovalRatio),
  };
}

function isPendingReplace(change: Change): boolean {
  return change.action === 'replace' && change.inviteStatus === 'pending';
}
