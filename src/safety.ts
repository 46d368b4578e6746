// The mass-delete guard: a pure verdict per org on how many pending invites a plan revokes.
import type { Change, OrgPlan, Plan, SafetyLimits, SafetyVerdict } from './model.ts';
import { providerModule } from './providers/registry.ts';

/**
 * The mass-delete guard (DESIGN §5), per org by name: a plan is unsafe when its revokes exceed
 * both `maxDeletes` and `maxDeleteRatio` of the org's managed pending invites (`OrgPlan.pending`).
 * A revoke is a delete, or a replace of a pending invite where the API cannot replace it
 * server-side (it revokes first, so a refused create would leave the person with nothing).
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

function verdictFor(org: OrgPlan, limits: SafetyLimits): SafetyVerdict {
  const revokesOnReplace = !providerModule(org.provider).capabilities.createReplacesExisting;
  const reinvites = revokesOnReplace ? org.changes.filter(isPendingReplace).length : 0;
  const deletes = org.changes.filter((change) => change.action === 'delete').length + reinvites;
  const overCap = deletes > limits.maxDeletes;
  // Dividing (rather than multiplying the ratio) keeps the boundary exact: 57/100 and 0.57 are the same double.
  const overRatio = org.pending === 0 ? deletes > 0 : deletes / org.pending > limits.maxDeleteRatio;
  return { ok: !(overCap && overRatio), deletes, ...(reinvites > 0 ? { reinvites } : {}), pending: org.pending, limits: { ...limits } };
}

function isPendingReplace(change: Change): boolean {
  return change.action === 'replace' && change.inviteStatus === 'pending';
}
