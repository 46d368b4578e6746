// Anthropic's part of the config file: roles, the org and invite schema and its mapping, hints, limits, key shapes.
import { z } from 'zod';
import { desiredInviteOf, email, envName, orgCommon, origin, overrideProtection, until } from '../../config/fields.ts';
import type { RateWindow } from '../../rate-budget.ts';
import type { ProviderConfig } from '../provider.ts';

/** Roles a Claude Console org can invite (api/anthropic.md §4.1); `admin` exists for users but cannot be invited. */
export const CONSOLE_ROLES = ['user', 'developer', 'billing', 'claude_code_user'] as const;
/** Roles a Claude Enterprise org can invite (api/anthropic.md §14.1). */
export const ENTERPRISE_ROLES = ['user', 'managed'] as const;
/** Every role an invite may carry in some edition. */
export const ANTHROPIC_ROLES = ['user', 'developer', 'billing', 'claude_code_user', 'managed'] as const;
/** The two kinds of org behind one API; the API does not say which an org is (§14.1), so the config does. */
export const EDITIONS = ['console', 'enterprise'] as const;

const ROLES_BY_EDITION: Record<(typeof EDITIONS)[number], readonly string[]> = { console: CONSOLE_ROLES, enterprise: ENTERPRISE_ROLES };
const ROLE_CHOICES = `${CONSOLE_ROLES.join(', ')} (edition: console) or ${ENTERPRISE_ROLES.join(', ')} (edition: enterprise)`;

/** Why `role` cannot be invited in an org of `edition`, or undefined when it can. */
export function editionRoleProblem(edition: (typeof EDITIONS)[number], role: string): string | undefined {
  if (ROLES_BY_EDITION[edition].includes(role)) return undefined;
  return edition === 'console'
    ? `${role} can be invited only in a Claude Enterprise org (add edition: enterprise to this org); Console orgs invite ${CONSOLE_ROLES.join(', ')}`
    : `a Claude Enterprise org (edition: enterprise) cannot invite ${role}; it invites ${ENTERPRISE_ROLES.join(', ')}`;
}

/** Where the Admin API is when an org gives no `base_url`. */
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The variable holding the Admin API key when an org gives no `api_key_env`. */
export const DEFAULT_API_KEY_ENV = 'ANTHROPIC_ADMIN_API_KEY';

/**
 * Anthropic Admin API (api/anthropic.md §8): 100/min per org for Enterprise, where invite creation
 * counts against 1,200/hour instead. Console limits are UNCONFIRMED and the budget cannot tell
 * creates from reads, so, conservatively, every request counts against both.
 */
export const ANTHROPIC_WINDOWS: readonly RateWindow[] = [
  { requests: 100, perMs: 60_000 },
  { requests: 1200, perMs: 3_600_000 },
];

/** One invite under an Anthropic org. */
export const anthropicInviteSchema = z
  .strictObject({
    email,
    role: z
      .enum(ANTHROPIC_ROLES, {
        error: (issue) =>
          issue.input === 'admin'
            ? 'admin cannot be invited through the Admin API; invite as user and promote after they join'
            : `expected one of ${ROLE_CHOICES}`,
      })
      .default('user'),
    until: until.optional(),
    override_protection: overrideProtection,
  })
  .describe('One Anthropic invite.');

/** An Anthropic org in the config file. */
export const anthropicOrgSchema = z
  .strictObject({
    provider: z.literal('anthropic'),
    base_url: origin.default(DEFAULT_BASE_URL).describe('Anthropic API origin.'),
    api_key_env: envName.default(DEFAULT_API_KEY_ENV).describe('Environment variable holding the Admin API key.'),
    edition: z
      .enum(EDITIONS, { error: `expected edition to be one of ${EDITIONS.join(', ')}` })
      .default('console')
      .describe('Claude Console (API) org or Claude Enterprise (claude.ai) org: they invite different roles (default console).'),
    ...orgCommon,
    invites: z.array(anthropicInviteSchema).default([]),
  })
  // The API refuses a role its org's edition cannot invite only at apply, invite by invite: refuse it here, at its position.
  .superRefine((org, ctx) => {
    org.invites.forEach((invite, index) => {
      const message = editionRoleProblem(org.edition, invite.role);
      if (message) ctx.addIssue({ code: 'custom', path: ['invites', index, 'role'], message });
    });
  })
  .describe('An Anthropic organization (Admin API).');

type AnthropicOrg = z.infer<typeof anthropicOrgSchema>;

/**
 * The address the API matches `email` (lower-cased, trimmed) as: the `+tag` is cut from the local
 * part, on every domain, and nothing else (api/anthropic.md §14.3: dots and googlemail.com are
 * UNCONFIRMED, so left alone). A local part that would be empty (`+x@…`) is kept whole.
 */
export function foldAnthropicEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const plus = email.indexOf('+');
  if (at < 0 || plus <= 0 || plus > at) return email;
  return email.slice(0, plus) + email.slice(at);
}

/** How Anthropic orgs are written in the config file. */
export const anthropicConfig: ProviderConfig = {
  accessField: 'role',
  accessWords: ANTHROPIC_ROLES,
  // user is the base of every role (api/anthropic.md §4.1 table); the others add different things, so none wins over another.
  accessOrder: [['user'], ['claude_code_user', 'developer', 'billing', 'managed']],
  orgSchema: anthropicOrgSchema,
  desiredOrg(parsed) {
    const org = parsed as AnthropicOrg;
    return {
      connection: { baseUrl: org.base_url, apiKeyEnv: org.api_key_env },
      invites: org.invites.map((invite) => ({
        ...desiredInviteOf(invite, invite.role),
      })),
    };
  },
  originField: 'base_url',
  defaultOrigin: DEFAULT_BASE_URL,
  defaultApiKeyEnv: DEFAULT_API_KEY_ENV,
  hints: {
    level: 'level is a PostHog setting; Anthropic invites take role (user, developer, billing, claude_code_user)',
    first_name: 'Anthropic invites have no first_name',
    message: 'Anthropic invites have no message',
    host: 'host is a PostHog setting; Anthropic orgs take base_url',
    organization_id: 'an Anthropic Admin API key belongs to one organization; no organization_id is needed',
  },
  // An Admin API key belongs to one organization: same origin and same key variable is one org.
  remoteOrg: (org, origin, apiKeyEnv) => ({
    identity: `${origin} ${apiKeyEnv}`,
    field: 'base_url' in org ? 'base_url' : 'api_key_env',
    what: 'the same Anthropic base_url and api_key_env',
  }),
  rateWindows: ANTHROPIC_WINDOWS,
  // api/anthropic.md §6.6, §13.1-2: Console admin and the Enterprise admin-type roles can be neither changed nor removed
  // through the API (400), so no override plans it.
  memberAccess: {
    owner: ['owner', 'primary_owner'],
    protected: ['admin', 'owner', 'primary_owner', 'membership_admin'],
    fixed: ['admin', 'owner', 'primary_owner', 'membership_admin'],
  },
  secretShapes: [{ pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/g, prefix: 'sk-ant-' }],
  // The API answers `already_member` to `jane+x@` while `jane@` is a member (§14.3): match the way it does.
  emailFolding: { fold: foldAnthropicEmail, what: 'ignores case and +tags' },
};
