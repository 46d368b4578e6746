import { z } from 'zod';

/** PostHog membership levels, by name (the API's numbers: member 1, admin 8, owner 15). */
export const POSTHOG_LEVELS = ['member', 'admin', 'owner'] as const;

/** Anthropic roles an invite may carry; `admin` exists for users but cannot be invited. */
export const ANTHROPIC_ROLES = ['user', 'developer', 'billing', 'claude_code_user'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const email = z.email({ error: 'not a valid email address' }).describe('Email address of the invitee; compared lower-cased.');

const until = z.iso
  .date({ error: 'expected a date as YYYY-MM-DD' })
  .describe('Last day (UTC) the invite is wanted; after it the invite is no longer desired.');

const safety = z
  .strictObject({
    max_deletes: z.int().min(0).optional().describe('A plan is unsafe when its deletes exceed this count (default 5) …'),
    max_delete_ratio: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('… and this share of the org\'s current pending invites (default 0.25).'),
  })
  .describe('Mass-delete guard: both limits must be exceeded for a plan to be unsafe.');

const ignore = z
  .array(z.string().min(1, 'an empty pattern matches nothing'))
  .default([])
  .describe('Email globs (`*`, `?`, case-insensitive) never created or deleted, e.g. "*@contractors.example.com".');

const orgCommon = {
  prune: z.boolean().default(true).describe('Delete pending invites that are not listed (default true).'),
  reinvite_expired: z.boolean().default(true).describe('Re-send invites that expired (default true).'),
  ignore,
  safety: safety.optional(),
};

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name such as MY_API_KEY');

/** A URL origin: https, or http on loopback only (checked in rules, where the message can be precise). */
const origin = z.string().min(1);

export const postHogInviteSchema = z
  .strictObject({
    email,
    first_name: z.string().max(30, 'PostHog allows at most 30 characters').optional().describe('First name shown in the invite email.'),
    level: z.enum(POSTHOG_LEVELS, { error: `expected one of ${POSTHOG_LEVELS.join(', ')}` }).default('member'),
    message: z.string().optional().describe('Personal message in the invite email.'),
    until: until.optional(),
  })
  .describe('One PostHog invite.');

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

export const postHogOrgSchema = z
  .strictObject({
    provider: z.literal('posthog'),
    host: origin.describe('PostHog origin: https://us.posthog.com, https://eu.posthog.com or your self-hosted origin.'),
    organization_id: z
      .string()
      .regex(new RegExp(`${UUID.source}|^@current$`, 'i'), 'expected an organization UUID or @current')
      .describe('The PostHog organization UUID (Settings → Organization), or @current.'),
    api_key_env: envName.default('POSTHOG_PERSONAL_API_KEY').describe('Environment variable holding the personal API key.'),
    ...orgCommon,
    invites: z.array(postHogInviteSchema).default([]),
  })
  .describe('A PostHog organization.');

export const anthropicOrgSchema = z
  .strictObject({
    provider: z.literal('anthropic'),
    base_url: origin.default('https://api.anthropic.com').describe('Anthropic API origin.'),
    api_key_env: envName.default('ANTHROPIC_ADMIN_API_KEY').describe('Environment variable holding the Admin API key.'),
    ...orgCommon,
    invites: z.array(anthropicInviteSchema).default([]),
  })
  .describe('An Anthropic organization (Admin API).');

const orgSchema = z.discriminatedUnion('provider', [postHogOrgSchema, anthropicOrgSchema], {
  error: 'expected provider to be one of posthog, anthropic',
});

/** The config file, format version 1: the single source of the JSON Schema. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    version: z.literal(1, { error: 'expected version: 1 (the only format version)' }),
    safety: safety.optional(),
    orgs: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'org names may use letters, digits, ".", "_" and "-"'),
        orgSchema,
      )
      .describe('Your orgs, by a name of your choosing (used in output and --org).'),
  })
  .describe('invitectl: the organization invites that should exist.');

export type Config = z.infer<typeof configSchema>;
export type OrgConfig = z.infer<typeof orgSchema>;

/** The JSON Schema of the config file, as `invitectl schema` prints it. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://invitectl.dev/schemas/invites.schema.json', title: 'invitectl config' }, null, 2)}\n`;
}
