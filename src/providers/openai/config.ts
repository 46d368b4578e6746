// OpenAI's part of the config file: roles, the org and invite schema and its mapping, hints, limits, key shapes.
import { z } from 'zod';
import { desiredInviteOf, email, envName, orgCommon, origin, overrideProtection, projectGrants, until } from '../../config/fields.ts';
import type { RateWindow } from '../../rate-budget.ts';
import type { ProviderConfig } from '../provider.ts';

/** Organization roles an invite can carry (api/openai.md §4). */
export const OPENAI_ROLES = ['reader', 'owner'] as const;
/** Project roles an invite's project grant can carry (§4). */
export const OPENAI_PROJECT_ROLES = ['member', 'owner'] as const;

/** Where the Admin API is when an org gives no `base_url` (paths start `/v1/organization/`). */
export const DEFAULT_BASE_URL = 'https://api.openai.com';
/** The variable holding the Admin API key when an org gives no `api_key_env` (the SDK's own default, §11). */
export const DEFAULT_API_KEY_ENV = 'OPENAI_ADMIN_KEY';

/**
 * The Administration API publishes no rate limits (api/openai.md §8, UNCONFIRMED): pace
 * conservatively at 60 requests a minute per key, and let a 429's retry-after do the rest.
 */
export const OPENAI_WINDOWS: readonly RateWindow[] = [{ requests: 60, perMs: 60_000 }];

/** Role words other APIs use, with what to write instead. */
const ROLE_HINTS: Readonly<Record<string, string>> = {
  user: 'user is an Anthropic role; OpenAI invites take role reader or owner',
  member: 'member is a PostHog level or an OpenAI project role; OpenAI invites take role reader or owner',
  admin: 'OpenAI orgs have no admin role; invites take role reader or owner',
};

/** One project the invite grants on acceptance, in the API's own shape `{id, role}`. */
const projectGrantSchema = z
  .strictObject({
    id: z.string().min(1, 'expected a project id such as proj_abc').max(200).describe('The OpenAI project id (proj_…).'),
    role: z.enum(OPENAI_PROJECT_ROLES, { error: `expected one of ${OPENAI_PROJECT_ROLES.join(', ')}` }).default('member'),
  })
  .describe('Membership of one project, granted when the invite is accepted.');

/** One invite under an OpenAI org. */
export const openAiInviteSchema = z
  .strictObject({
    email,
    role: z
      .enum(OPENAI_ROLES, { error: (issue) => ROLE_HINTS[String(issue.input)] ?? `expected one of ${OPENAI_ROLES.join(', ')}` })
      .default('reader'),
    until: until.optional(),
    override_protection: overrideProtection,
    projects: projectGrants(
      projectGrantSchema,
      'Projects the invite grants. Absent: the API adds the default project on acceptance (a re-invite keeps the current grants); [] for none.',
    ),
  })
  .describe('One OpenAI invite.');

/** An OpenAI org in the config file. */
export const openAiOrgSchema = z
  .strictObject({
    provider: z.literal('openai'),
    base_url: origin.default(DEFAULT_BASE_URL).describe('OpenAI API origin (without /v1).'),
    api_key_env: envName.default(DEFAULT_API_KEY_ENV).describe('Environment variable holding the Admin API key (sk-admin-…).'),
    ...orgCommon,
    invites: z.array(openAiInviteSchema).default([]),
  })
  .describe('An OpenAI organization (Administration API).');

type OpenAiOrg = z.infer<typeof openAiOrgSchema>;

/** How OpenAI orgs are written in the config file. */
export const openAiConfig: ProviderConfig = {
  accessField: 'role',
  accessWords: OPENAI_ROLES,
  accessOrder: [['reader'], ['owner']],
  orgSchema: openAiOrgSchema,
  desiredOrg(parsed) {
    const org = parsed as OpenAiOrg;
    return {
      connection: { baseUrl: org.base_url, apiKeyEnv: org.api_key_env },
      invites: org.invites.map((invite) => ({
        ...desiredInviteOf(invite, invite.role),
        ...(invite.projects === undefined ? {} : { projects: invite.projects.map(({ id, role }) => ({ id, level: role })) }),
      })),
    };
  },
  originField: 'base_url',
  defaultOrigin: DEFAULT_BASE_URL,
  defaultApiKeyEnv: DEFAULT_API_KEY_ENV,
  hints: {
    level: 'level is a PostHog setting; OpenAI invites take role (reader, owner)',
    first_name: 'OpenAI invites have no first_name',
    message: 'OpenAI invites have no message',
    host: 'host is a PostHog setting; OpenAI orgs take base_url',
    organization_id: 'an OpenAI Admin API key belongs to one organization; no organization_id is needed',
    edition: 'edition is an Anthropic setting; OpenAI orgs have none',
  },
  // An Admin API key belongs to one organization (§1): same origin and same key variable is one org.
  remoteOrg: (org, origin, apiKeyEnv) => ({
    identity: `${origin} ${apiKeyEnv}`,
    field: 'base_url' in org ? 'base_url' : 'api_key_env',
    what: 'the same OpenAI base_url and api_key_env',
  }),
  rateWindows: OPENAI_WINDOWS,
  // api/openai.md §3.3: owner is the only admin-type role.
  memberAccess: { owner: ['owner'], protected: ['owner'] },
  // Admin keys look like sk-admin-1234abcd (§1); a project key put in the variable by mistake is masked too.
  secretShapes: [
    { pattern: /\bsk-admin-[A-Za-z0-9_-]{8,}/g, prefix: 'sk-admin-' },
    { pattern: /\bsk-proj-[A-Za-z0-9_-]{8,}/g, prefix: 'sk-proj-' },
  ],
};
