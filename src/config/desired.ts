// From a validated config to the desired state: defaults applied, each org mapped by its own provider.
import { normalizeEmail, type DesiredOrg, type DesiredState, type MemberManagement, type SafetyLimits } from '../model.ts';
import type { ProviderConfig } from '../providers/provider.ts';
import { providerModule } from '../providers/registry.ts';
import type { RateWindow } from '../rate-budget.ts';
import { DEFAULT_REMOVAL_LIMITS } from '../safety.ts';
import { emailFoldOf } from '../email-index.ts';
import { durationMs } from './fields.ts';
import { resolveOrg, type GroupConfig } from './groups.ts';
import type { Config, OrgConfig } from './schema.ts';

/** Built-in mass-delete limits (DESIGN §5); `safety:` at the top or in an org overrides them. */
export const DEFAULT_SAFETY: SafetyLimits = { maxDeletes: 5, maxDeleteRatio: 0.25 };

type SafetyConfig = Config['safety'];

/** Turns a validated config into the desired state: emails normalised, defaults applied, granted groups expanded into each org's invites. */
export function desiredStateFrom(config: Config): DesiredState {
  const global = mergeSafety(DEFAULT_SAFETY, config.safety);
  return { orgs: Object.entries(config.orgs).map(([name, org]) => desiredOrgFrom(name, org, global, config.groups ?? {})) };
}

function desiredOrgFrom(name: string, org: OrgConfig, globalSafety: SafetyLimits, groups: Readonly<Record<string, GroupConfig>>): DesiredOrg {
  // The org's own provider maps its keys; nothing here knows any API.
  const { config } = providerModule(org.provider);
  const mapped = config.desiredOrg(org);
  const { connection } = mapped;
  // Conflicts were refused when the config was checked (groupConflicts), so only the invites are taken here.
  const { invites } = resolveOrg(name, org, mapped.invites, groups, config, emailFoldOf(org.provider));
  const members = membersOf(org, config.memberAccess);
  const safety = mergeSafety(globalSafety, org.safety);
  return {
    name,
    prune: org.prune,
    reinviteExpired: org.reinvite_expired,
    ignore: org.ignore.map((pattern) => pattern.trim().toLowerCase()),
    // Member limits only where members are managed, so an org without `members` keeps its exact limits.
    safety: members === undefined ? { maxDeletes: safety.maxDeletes, maxDeleteRatio: safety.maxDeleteRatio } : { ...safety, ...memberLimits(safety) },
    provider: org.provider as DesiredOrg['provider'],
    connection: { ...connection, baseUrl: stripSlash(connection.baseUrl) },
    invites,
    ...(org.rate_limits === undefined ? {} : { rateWindows: rateWindowsFrom(org.rate_limits) }),
    ...(members === undefined ? {} : { members }),
  };
}

/** The people conflicts no rule settles (see resolveOrg), for every org, by path; empty for a config without grants. */
export function groupConflicts(config: Config): Array<{ path: PropertyKey[]; message: string }> {
  return Object.entries(config.orgs).flatMap(([name, org]) => {
    if (org.grants === undefined || org.grants.length === 0) return [];
    const { config: provider } = providerModule(org.provider);
    return resolveOrg(name, org, provider.desiredOrg(org).invites, config.groups ?? {}, provider, emailFoldOf(org.provider)).conflicts;
  });
}

/** `members: report|manage` with the provider's words; undefined for `ignore` (the default) or an API without member words. */
function membersOf(org: OrgConfig, words: ProviderConfig['memberAccess']): MemberManagement | undefined {
  if (org.members === undefined || org.members === 'ignore' || words === undefined) return undefined;
  return {
    mode: org.members,
    ...(org.key_owner === undefined ? {} : { keyOwner: normalizeEmail(org.key_owner) }),
    ownerAccess: words.owner,
    protectedAccess: words.protected,
    ...(words.fixed === undefined ? {} : { fixedAccess: words.fixed }),
  };
}

function memberLimits(limits: SafetyLimits): Required<Pick<SafetyLimits, 'maxMemberRemovals' | 'maxMemberRemovalRatio'>> {
  return {
    maxMemberRemovals: limits.maxMemberRemovals ?? DEFAULT_REMOVAL_LIMITS.maxMemberRemovals,
    maxMemberRemovalRatio: limits.maxMemberRemovalRatio ?? DEFAULT_REMOVAL_LIMITS.maxMemberRemovalRatio,
  };
}

/** A custom plan's `rate_limits` as the budget's windows (validation already bounded each `per`). */
function rateWindowsFrom(limits: NonNullable<OrgConfig['rate_limits']>): RateWindow[] {
  return limits.map(({ requests, per }) => ({ requests, perMs: durationMs(per)! }));
}

function mergeSafety(base: SafetyLimits, override: SafetyConfig): SafetyLimits {
  const maxMemberRemovals = override?.max_member_removals ?? base.maxMemberRemovals;
  const maxMemberRemovalRatio = override?.max_member_removal_ratio ?? base.maxMemberRemovalRatio;
  return {
    maxDeletes: override?.max_deletes ?? base.maxDeletes,
    maxDeleteRatio: override?.max_delete_ratio ?? base.maxDeleteRatio,
    ...(maxMemberRemovals === undefined ? {} : { maxMemberRemovals }),
    ...(maxMemberRemovalRatio === undefined ? {} : { maxMemberRemovalRatio }),
  };
}

function stripSlash(origin: string): string {
  return origin.replace(/\/+$/, '');
}
