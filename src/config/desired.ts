// From a validated config to the desired state: defaults applied, each org mapped by its own provider.
import type { DesiredOrg, DesiredState, SafetyLimits } from '../model.ts';
import { providerModule } from '../providers/registry.ts';
import type { RateWindow } from '../rate-budget.ts';
import { durationMs } from './fields.ts';
import type { Config, OrgConfig } from './schema.ts';

/** Built-in mass-delete limits (DESIGN §5); `safety:` at the top or in an org overrides them. */
export const DEFAULT_SAFETY: SafetyLimits = { maxDeletes: 5, maxDeleteRatio: 0.25 };

type SafetyConfig = Config['safety'];

/** Turns a validated config into the desired state: emails normalised, defaults applied. */
export function desiredStateFrom(config: Config): DesiredState {
  const global = mergeSafety(DEFAULT_SAFETY, config.safety);
  return { orgs: Object.entries(config.orgs).map(([name, org]) => desiredOrgFrom(name, org, global)) };
}

function desiredOrgFrom(name: string, org: OrgConfig, globalSafety: SafetyLimits): DesiredOrg {
  // The org's own provider maps its keys; nothing here knows any API.
  const { connection, invites } = providerModule(org.provider).config.desiredOrg(org);
  return {
    name,
    prune: org.prune,
    reinviteExpired: org.reinvite_expired,
    ignore: org.ignore.map((pattern) => pattern.trim().toLowerCase()),
    safety: mergeSafety(globalSafety, org.safety),
    provider: org.provider as DesiredOrg['provider'],
    connection: { ...connection, baseUrl: stripSlash(connection.baseUrl) },
    invites,
    ...(org.rate_limits === undefined ? {} : { rateWindows: rateWindowsFrom(org.rate_limits) }),
  };
}

/** A custom plan's `rate_limits` as the budget's windows (validation already bounded each `per`). */
function rateWindowsFrom(limits: NonNullable<OrgConfig['rate_limits']>): RateWindow[] {
  return limits.map(({ requests, per }) => ({ requests, perMs: durationMs(per)! }));
}

function mergeSafety(base: SafetyLimits, override: SafetyConfig): SafetyLimits {
  return {
    maxDeletes: override?.max_deletes ?? base.maxDeletes,
    maxDeleteRatio: override?.max_delete_ratio ?? base.maxDeleteRatio,
  };
}

function stripSlash(origin: string): string {
  return origin.replace(/\/+$/, '');
}
