// PostHog's part of the config file: levels, the org and invite schema and its mapping, hints, limits, key shapes.
import { z } from 'zod';
import { desiredInviteOf, email, envName, orgCommon, origin, overrideProtection, projectGrants, until, UUID } from '../../config/fields.ts';
import type { RateWindow } from '../../rate-budget.ts';
import type { ProviderConfig } from '../provider.ts';

/** PostHog membership levels, by name (the API's numbers: member 1, admin 8, owner 15). */
export const POSTHOG_LEVELS = ['member', 'admin', 'owner'] as const;

/** The variable holding the personal API key when an org gives no `api_key_env`. */
export const DEFAULT_API_KEY_ENV = 'POSTHOG_PERSONAL_API_KEY';

/** PostHog's DRF throttles per personal API key: 480 in any minute, 4,800 in any hour (api/posthog.md §9). */
export const POSTHOG_WINDOWS: readonly RateWindow[] = [
  { requests: 480, perMs: 60_000 },
  { requests: 4800, perMs: 3_600_000 },
];

/** PostHog project access levels an invite can grant (`private_project_access`, api/posthog.md §2.3). */
export const POSTHOG_PROJECT_LEVELS = ['member', 'admin'] as const;

/** One project grant: the API's own project id and level. */
const projectGrantSchema = z
  .strictObject({
    id: z.int().positive().describe('The PostHog project id (the number in /project/<id>/ URLs).'),
    level: z.enum(POSTHOG_PROJECT_LEVELS, { error: `expected one of ${POSTHOG_PROJECT_LEVELS.join(', ')}` }),
  })
  .describe('Access to one project.');

/** One invite under a PostHog org. */
export const postHogInviteSchema = z
  .strictObject({
    email,
    first_name: z.string().max(30, 'PostHog allows at most 30 characters').optional().describe('First name shown in the invite email.'),
    level: z.enum(POSTHOG_LEVELS, { error: `expected one of ${POSTHOG_LEVELS.join(', ')}` }).default('member'),
    message: z.string().optional().describe('Personal message in the invite email.'),
    until: until.optional(),
    override_protection: overrideProtection,
    projects: projectGrants(
      projectGrantSchema,
      'Project access the invite grants (private_project_access). Absent: left as the current invite has it; [] for none.',
    ),
  })
  .describe('One PostHog invite.');

/** A PostHog org in the config file. */
export const postHogOrgSchema = z
  .strictObject({
    provider: z.literal('posthog'),
    host: origin.describe('PostHog origin: https://us.posthog.com, https://eu.posthog.com or your self-hosted origin.'),
    organization_id: z
      .string()
      .regex(new RegExp(`${UUID.source}|^@current$`, 'i'), 'expected an organization UUID or @current')
      .describe('The PostHog organization UUID (Settings → Organization), or @current.'),
    api_key_env: envName.default(DEFAULT_API_KEY_ENV).describe('Environment variable holding the personal API key.'),
    ...orgCommon,
    invites: z.array(postHogInviteSchema).default([]),
  })
  .describe('A PostHog organization.');

type PostHogOrg = z.infer<typeof postHogOrgSchema>;

/** How PostHog orgs are written in the config file. */
export const postHogConfig: ProviderConfig = {
  accessField: 'level',
  accessWords: POSTHOG_LEVELS,
  // Each level includes the one below it (api/posthog.md §11).
  accessOrder: [['member'], ['admin'], ['owner']],
  orgSchema: postHogOrgSchema,
  desiredOrg(parsed) {
    const org = parsed as PostHogOrg;
    return {
      connection: { baseUrl: org.host, apiKeyEnv: org.api_key_env, organizationId: org.organization_id },
      invites: org.invites.map((invite) => ({
        ...desiredInviteOf(invite, invite.level),
        ...(invite.first_name === undefined ? {} : { firstName: invite.first_name }),
        ...(invite.message === undefined ? {} : { message: invite.message }),
        ...(invite.projects === undefined ? {} : { projects: invite.projects.map(({ id, level }) => ({ id, level })) }),
      })),
    };
  },
  originField: 'host',
  defaultApiKeyEnv: DEFAULT_API_KEY_ENV,
  hints: {
    role: 'role is an Anthropic and OpenAI setting; PostHog invites take level (member, admin, owner)',
    base_url: 'base_url is an Anthropic and OpenAI setting; PostHog orgs take host',
  },
  remoteOrg(org, origin, apiKeyEnv) {
    const id = org['organization_id'];
    if (typeof id !== 'string') return undefined;
    // @current is whichever org the key belongs to: the same key variable on the same host is the same org.
    if (id.toLowerCase() === '@current') return { identity: `${origin} @current ${apiKeyEnv}`, field: 'organization_id', what: 'the same PostHog host, @current and api_key_env' };
    return { identity: `${origin} ${id.toLowerCase()}`, field: 'organization_id', what: 'the same PostHog host and organization_id' };
  },
  rateWindows: POSTHOG_WINDOWS,
  // api/posthog.md §11: admins and owners manage the org; an owner cannot be removed, only demoted first.
  memberAccess: { owner: ['owner'], protected: ['owner', 'admin'] },
  secretShapes: [
    { pattern: /\bphx_[A-Za-z0-9_-]{8,}/g, prefix: 'phx_' }, // personal API key
    { pattern: /\bpha_[A-Za-z0-9_-]{8,}/g, prefix: 'pha_' }, // OAuth access token
  ],
};
