// OpenAI emulator: the seed schema (its section of a sandbox seed file) and the default state.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DUPLICATE_MODES, ORG_ROLES, PROJECT_ROLES } from './wire.ts';
import { reportRepeats } from '../seed-checks.ts';

const timestamp = z.iso.datetime({ offset: true });
const ageDays = z.number().nonnegative();
const notBoth = (a: unknown, b: unknown) => a === undefined || b === undefined;

const apiKeySchema = z.strictObject({
  key: z.string().min(1),
  name: z.string().optional(),
  /** `admin` keys work on these endpoints; `project` (and user) keys are refused (reference §1). */
  kind: z.enum(['admin', 'project']).default('admin'),
});

const grantSchema = z.strictObject({ id: z.string().min(1), role: z.enum(PROJECT_ROLES) });

const userSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    /** A string, `null` (sent as null) or left out (the key is absent): service accounts have none (§12.2). */
    email: z.email().nullable().optional(),
    name: z.string().min(1).nullable().optional(),
    /** Documented `owner`/`reader`, typed as a free string (§3.3), so other strings may be seeded. */
    role: z.string().min(1).nullable(),
    added_at: timestamp.optional(),
    age_days: ageDays.optional(),
    is_default: z.boolean().default(false),
    is_service_account: z.boolean().default(false),
    is_scim_managed: z.boolean().default(false),
  })
  .refine((u) => notBoth(u.added_at, u.age_days), { message: 'give added_at or age_days, not both' });

const inviteSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    email: z.email(),
    role: z.enum(ORG_ROLES),
    created_at: timestamp.optional(),
    age_days: ageDays.optional(),
    /** `pending` turns `expired` by itself once past `expires_at`; `expired` forces it (for `expires_at: null`). */
    status: z.enum(['pending', 'accepted', 'expired']).default('pending'),
    accepted_at: timestamp.optional(),
    /** `null`: the API sends no expiry for this invite (§12.3); only `status` then tells. */
    expires_at: z.null().optional(),
    projects: z.array(grantSchema).default([]),
  })
  .refine((i) => notBoth(i.created_at, i.age_days), { message: 'give created_at or age_days, not both' })
  .refine((i) => i.accepted_at === undefined || i.status === 'accepted', { message: 'accepted_at is only allowed on an accepted invite', path: ['accepted_at'] });

/**
 * The OpenAI emulator's starting state (strict). Times are absolute or an age in days at
 * start-up. The first `admin` key is the primary one. The modes cover what the reference marks
 * UNCONFIRMED, so client tests can run against each reading.
 */
export const openaiSeedSchema = z
  .strictObject({
    organization: z.strictObject({ id: z.string().min(1), name: z.string().min(1) }),
    api_keys: z.array(apiKeySchema).min(1).refine((keys) => keys.some((k) => k.kind === 'admin'), { message: 'at least one key must be an admin key' }),
    /** Days from creation to `expires_at` (a choice: 7); `null` sends `expires_at: null` on new invites. */
    invite_lifetime_days: z.number().positive().nullable().default(7),
    /** A create for an email with a pending invite: refuse with 400 (default), replace it, or add a second. */
    duplicate_invites: z.enum(DUPLICATE_MODES).default('refuse'),
    /** The status for a project (non-admin) key: 401 or 403, UNCONFIRMED (§1). */
    non_admin_key_status: z.union([z.literal(401), z.literal(403)]).default(401),
    /** `2024`: invites carry `invited_at` instead of `created_at` and no `projects` (field drift, §12.1). */
    invite_fields: z.enum(['current', '2024']).default('current'),
    /** The organization's projects; when given, invite project ids must be among them (else any id is taken). */
    projects: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1) })).optional(),
    users: z.array(userSchema).default([]),
    invites: z.array(inviteSchema).default([]),
  })
  .superRefine((seed, ctx) => {
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    reportRepeats([['api_keys', seed.api_keys]], (k) => k.key, 'key', () => 'duplicate API key', report);
    const emails = new Set<string>();
    seed.users.forEach((u, i) => {
      if (typeof u.email !== 'string') return;
      if (emails.has(u.email.toLowerCase())) report(['users', i, 'email'], `duplicate user ${u.email}`);
      emails.add(u.email.toLowerCase());
    });
    reportRepeats<{ id?: string | undefined }>([['users', seed.users], ['invites', seed.invites]], (item) => item.id, 'id', (id) => `duplicate id ${id}`, report);
    const known = seed.projects && new Set(seed.projects.map((p) => p.id));
    seed.invites.forEach((invite, i) =>
      invite.projects.forEach((grant, g) => {
        if (known && !known.has(grant.id)) report(['invites', i, 'projects', g, 'id'], `no project ${grant.id} in projects`);
      }),
    );
  });

/** A seed as written (defaults not yet applied). */
export type OpenAISeed = z.input<typeof openaiSeedSchema>;
/** A seed after validation, with defaults applied. */
export type ParsedOpenAISeed = z.output<typeof openaiSeedSchema>;

/** A stable key of the real shape (`sk-admin-…`), derived at run time so no key-shaped literal sits in the source. */
function sandboxKey(prefix: 'sk-admin-' | 'sk-proj-', label: string): string {
  return prefix + createHash('sha512').update(`invitectl openai sandbox ${label}`).digest('base64url').slice(0, 64);
}

/**
 * The sandbox's default organization: an admin key and a project key, an owner, two readers,
 * a service account without an email, one pending and one expired invite.
 */
export function defaultOpenAISeed(): OpenAISeed {
  return {
    organization: { id: 'org-AcmeCorp0123456789abcd', name: 'Acme Corp' },
    api_keys: [
      { key: sandboxKey('sk-admin-', 'admin'), name: 'invitectl sandbox admin key', kind: 'admin' },
      { key: sandboxKey('sk-proj-', 'project'), name: 'a project key (refused here)', kind: 'project' },
    ],
    users: [
      { id: 'user_ada', email: 'ada@acme.com', name: 'Ada Lovelace', role: 'owner', age_days: 400, is_default: true },
      { id: 'user_grace', email: 'grace@acme.com', name: 'Grace Hopper', role: 'reader', age_days: 200 },
      { id: 'user_linus', email: 'linus@acme.com', name: 'Linus Torvalds', role: 'reader', age_days: 90 },
      { id: 'user_ci', email: null, name: 'ci-deployer', role: 'reader', age_days: 60, is_service_account: true },
    ],
    invites: [
      { email: 'dan@acme.com', role: 'reader', age_days: 10 },
      { email: 'eve@acme.com', role: 'reader', age_days: 2 },
    ],
  };
}
