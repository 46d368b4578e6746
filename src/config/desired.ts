import type { DesiredOrg, DesiredState, SafetyLimits } from '../model.ts';
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
  const common = {
    name,
    prune: org.prune,
    reinviteExpired: org.reinvite_expired,
    ignore: org.ignore.map((pattern) => pattern.trim().toLowerCase()),
    safety: mergeSafety(globalSafety, org.safety),
  };
  if (org.provider === 'posthog') {
    return {
      ...common,
      provider: 'posthog',
      connection: { baseUrl: stripSlash(org.host), apiKeyEnv: org.api_key_env, organizationId: org.organization_id },
      invites: org.invites.map((invite) => ({
        email: normalizeEmail(invite.email),
        access: invite.level,
        ...(invite.first_name === undefined ? {} : { firstName: invite.first_name }),
        ...(invite.message === undefined ? {} : { message: invite.message }),
        ...(invite.until === undefined ? {} : { until: invite.until }),
      })),
    };
  }
  return {
    ...common,
    provider: 'anthropic',
    connection: { baseUrl: stripSlash(org.base_url), apiKeyEnv: org.api_key_env },
    invites: org.invites.map((invite) => ({
      email: normalizeEmail(invite.email),
      access: invite.role,
      ...(invite.until === undefined ? {} : { until: invite.until }),
    })),
  };
}

/** Emails compare lower-cased and trimmed everywhere (DESIGN §2). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
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
