// Anthropic's part of the config file: roles, the org and invite schema and its mapping, hints, limits, key shapes.
import { z } from 'zod';
import { email, envName, orgCommon, origin, until } from '../../config/fields.ts';
import { normalizeEmail } from '../../model.ts';
import type { RateWindow } from '../../rate-budget.ts';
import type { ProviderConfig } from '../provider.ts';

/** Anthropic roles an invite may carry; `admin` exists for users but cannot be invited. */
export const ANTHROPIC_ROLES = ['user', 'developer', 'billing', 'claude_code_user'] as const;

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
            : `expected one of ${ANTHROPIC_ROLES.join(', ')}`,
      })
      .default('user'),
    until: until.optional(),
  })
  .describe('One Anthropic invite.');

/** An Anthropic org in the config file. */
export const anthropicOrgSchema = z
  .strictObject({
    provider: z.literal('anthropic'),
    base_url: origin.default(DEFAULT_BASE_URL).describe('Anthropic API origin.'),
    api_key_env: envName.default(DEFAULT_API_KEY_ENV).describe('Environment variable holding the Admin API key.'),
    ...orgCommon,
    invites: z.array(anthropicInviteSchema).default([]),
  })
  .describe('An Anthropic organization (Admin API).');

type AnthropicOrg = z.infer<typeof anthropicOrgSchema>;

/** How Anthropic orgs are written in the config file. */
export const anthropicConfig: ProviderConfig = {
  accessField: 'role',
  accessWords: ANTHROPIC_ROLES,
  orgSchema: anthropicOrgSchema,
  desiredOrg(parsed) {
    const org = parsed as AnthropicOrg;
    return {
      connection: { baseUrl: org.base_url, apiKeyEnv: org.api_key_env },
      invites: org.invites.map((invite) => ({
        email: normalizeEmail(invite.email),
        access: invite.role,
        ...(invite.until === undefined ? {} : { until: invite.until }),
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
  secretShapes: [{ pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/g, prefix: 'sk-ant-' }],
};
