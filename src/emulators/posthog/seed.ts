// PostHog emulator: the seed schema (its section of a sandbox seed file) and the default state.
import { z } from 'zod';

/** PostHog's membership levels: 1 member, 8 administrator, 15 owner. */
export const levelSchema = z.union([z.literal(1), z.literal(8), z.literal(15)]);

// PostHog ids are time-ordered UUIDTs that need not be RFC-valid, so any hyphenated hex id goes.
const id = z.guid();

const projectSchema = z.strictObject({
  id: z.int().positive(),
  name: z.string().min(1),
});

const organizationSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** false: members (level 1) get 403 on create/bulk (the `organization_invite_settings` feature). */
  members_can_invite: z.boolean().default(true),
  /** Projects that `private_project_access` may name. */
  projects: z.array(projectSchema).default([]),
});

const membershipSchema = z.strictObject({
  organization: id,
  level: levelSchema,
  joined_at: z.iso.datetime().optional(),
  /** A guest membership (fork-only, §14.3): hidden from `/members/`, but its email "already belongs". */
  guest: z.boolean().default(false),
});

const userSchema = z.strictObject({
  email: z.email(),
  first_name: z.string().default(''),
  last_name: z.string().default(''),
  /** The user's uuid, which `/members/{user_uuid}/` takes (random when left out). */
  uuid: id.optional(),
  /** false: a deactivated user, hidden from `/members/` while their memberships still block invites (§14.3). */
  is_active: z.boolean().default(true),
  /** What `@current` means for this user; defaults to the first membership's org. */
  current_organization: id.nullable().optional(),
  memberships: z.array(membershipSchema).default([]),
});

const scopeSchema = z.string().regex(/^(\*|[a-z_]+:(read|write))$/, 'a scope is "*" or "<object>:read|write"');

const personalApiKeySchema = z.strictObject({
  value: z.string().min(8),
  /** The owner, by email; requests made with the key act as this user. */
  user: z.email(),
  label: z.string().default(''),
  scopes: z.array(scopeSchema).min(1),
  /** Restricts the key to these organizations (PostHog's `scoped_organizations`). */
  organizations: z.array(id).optional(),
});

/** One `private_project_access` grant: a project of the org and its level. */
const projectAccessSchema = z.strictObject({ id: z.int().positive(), level: z.enum(['member', 'admin']) });

const inviteSchema = z.strictObject({
  organization: id,
  /** null: an old link invite without an email (§14.1), which anyone holding the link may use. */
  email: z.email().nullable(),
  level: levelSchema.default(1),
  first_name: z.string().max(30).default(''),
  message: z.string().nullable().default(null),
  /** The inviting user, by email; null as when the creator was deleted. */
  created_by: z.email().nullable().default(null),
  /** Exact creation time; or use `age_days` (e.g. 4 for an expired invite). Default: now. */
  created_at: z.iso.datetime().optional(),
  age_days: z.number().nonnegative().optional(),
  emailing_attempt_made: z.boolean().default(true),
  /** The invite's `private_project_access` (null as PostHog stores an empty list). */
  private_project_access: z.array(projectAccessSchema).nullable().default([]),
});

/** The PostHog emulator's starting state (strict: unknown keys are errors). */
export const postHogSeedSchema = z
  .strictObject({
    organizations: z.array(organizationSchema).min(1),
    users: z.array(userSchema).default([]),
    personal_api_keys: z.array(personalApiKeySchema).default([]),
    invites: z.array(inviteSchema).default([]),
    /** false: an older self-hosted release (before PR #26404) whose create keeps the email's earlier invites (§14.5). */
    replace_on_create: z.boolean().default(true),
  })
  .superRefine((seed, ctx) => {
    for (const problem of referenceProblems(seed)) ctx.addIssue({ code: 'custom', ...problem });
  });

/** A seed as written (defaults may be left out). */
export type PostHogSeed = z.input<typeof postHogSeedSchema>;
/** A seed after parsing, with defaults applied. */
export type ParsedPostHogSeed = z.output<typeof postHogSeedSchema>;

interface Problem {
  message: string;
  path: (string | number)[];
}

/** Cross-references the schema cannot express: every id and email named must exist, once. */
function referenceProblems(seed: z.output<typeof postHogSeedSchema>): Problem[] {
  const problems: Problem[] = [];
  const orgIds = new Set<string>();
  seed.organizations.forEach((org, i) => {
    if (orgIds.has(org.id.toLowerCase())) problems.push({ message: `duplicate organization id ${org.id}`, path: ['organizations', i, 'id'] });
    orgIds.add(org.id.toLowerCase());
  });
  const hasOrg = (orgId: string): boolean => orgIds.has(orgId.toLowerCase());
  const emails = new Set<string>();
  const uuids = new Set<string>();
  seed.users.forEach((user, i) => {
    const email = user.email.toLowerCase();
    if (emails.has(email)) problems.push({ message: `duplicate user ${user.email}`, path: ['users', i, 'email'] });
    emails.add(email);
    // `/members/{user_uuid}/` looks members up by this uuid, so it must name one user.
    const uuid = user.uuid?.toLowerCase();
    if (uuid !== undefined && uuids.has(uuid)) problems.push({ message: `duplicate user uuid ${user.uuid}`, path: ['users', i, 'uuid'] });
    if (uuid !== undefined) uuids.add(uuid);
    const joined = new Set<string>();
    user.memberships.forEach((membership, j) => {
      const path = ['users', i, 'memberships', j, 'organization'];
      if (!hasOrg(membership.organization)) problems.push({ message: `unknown organization ${membership.organization}`, path });
      if (joined.has(membership.organization.toLowerCase())) problems.push({ message: `duplicate membership in ${membership.organization}`, path });
      joined.add(membership.organization.toLowerCase());
    });
    const current = user.current_organization;
    if (current && !joined.has(current.toLowerCase())) {
      problems.push({ message: `current_organization ${current} is not one of the user's memberships`, path: ['users', i, 'current_organization'] });
    }
  });
  const keys = new Set<string>();
  seed.personal_api_keys.forEach((key, i) => {
    if (keys.has(key.value)) problems.push({ message: 'duplicate key value', path: ['personal_api_keys', i, 'value'] });
    keys.add(key.value);
    if (!emails.has(key.user.toLowerCase())) problems.push({ message: `unknown user ${key.user}`, path: ['personal_api_keys', i, 'user'] });
    key.organizations?.forEach((orgId, j) => {
      if (!hasOrg(orgId)) problems.push({ message: `unknown organization ${orgId}`, path: ['personal_api_keys', i, 'organizations', j] });
    });
  });
  seed.invites.forEach((invite, i) => {
    if (!hasOrg(invite.organization)) problems.push({ message: `unknown organization ${invite.organization}`, path: ['invites', i, 'organization'] });
    if (invite.created_by !== null && !emails.has(invite.created_by.toLowerCase())) {
      problems.push({ message: `unknown user ${invite.created_by}`, path: ['invites', i, 'created_by'] });
    }
    if (invite.created_at !== undefined && invite.age_days !== undefined) {
      problems.push({ message: 'give created_at or age_days, not both', path: ['invites', i, 'age_days'] });
    }
  });
  return problems;
}

/** The sandbox organization's id (also in the README and the example config). */
export const DEFAULT_ORGANIZATION_ID = '0190a4f2-7c11-7000-8000-2f4c1d0a5e33';

/**
 * The sandbox's PostHog: organization "Acme" with an owner, an admin and a member; the owner
 * holds a write key (for `apply`) and a read-only key (for `plan` in CI).
 */
export function defaultPostHogSeed(): PostHogSeed {
  const organization = DEFAULT_ORGANIZATION_ID;
  return {
    organizations: [{ id: organization, name: 'Acme', projects: [{ id: 1, name: 'Web' }] }],
    users: [
      {
        email: 'olivia@acme.com',
        first_name: 'Olivia',
        last_name: 'Owner',
        current_organization: organization,
        memberships: [{ organization, level: 15, joined_at: '2024-06-03T09:00:00Z' }],
      },
      {
        email: 'adam@acme.com',
        first_name: 'Adam',
        last_name: 'Admin',
        memberships: [{ organization, level: 8, joined_at: '2024-06-04T10:30:00Z' }],
      },
      {
        email: 'mia@acme.com',
        first_name: 'Mia',
        last_name: 'Member',
        memberships: [{ organization, level: 1, joined_at: '2024-09-16T14:15:00Z' }],
      },
    ],
    personal_api_keys: [
      {
        value: 'phx_sandboxOwnerKeyW7hQ2mV9xLr4tPz8Kd3Nf6Bw1Yc5Gs0JaEu',
        user: 'olivia@acme.com',
        label: 'invitectl apply',
        scopes: ['organization_member:write'],
      },
      {
        value: 'phx_sandboxReadKeyR3nT8wQ1zMv6yLp0Hc4Xs9Dk2Fj7Gb5AeUo',
        user: 'olivia@acme.com',
        label: 'invitectl plan',
        scopes: ['organization_member:read'],
      },
    ],
    invites: [],
  };
}
