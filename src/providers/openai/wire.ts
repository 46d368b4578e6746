// OpenAI Administration API wire schemas (zod): invites, users, cursor lists, a delete's answer, errors.
import { z } from 'zod';

/** The last second of year 9999: a larger "Unix-second" timestamp is not one a date can hold. */
const MAX_UNIX_SECONDS = 253_402_300_799;

/** A Unix-second timestamp (api/openai.md §3.7), read as RFC 3339; anything else aborts the read. */
export const unixSeconds = z
  .int()
  .min(0)
  .max(MAX_UNIX_SECONDS)
  .transform((seconds) => new Date(seconds * 1000).toISOString());

/** A project grant on an invite: `{id, role}` (§3.1); bounded, as every answer is untrusted. */
const projectGrant = z.object({ id: z.string().min(1).max(200), role: z.string().min(1).max(32) });

/**
 * An invite as the API returns it; extra fields are fine, missing or malformed ones abort the read.
 * The creation time is `created_at`, `invited_at` in the 2024 shape (§12.1); `projects` is optional
 * in practice (§12.4) and `expires_at` may be null or absent (§12.3).
 */
export const inviteSchema = z
  .object({
    object: z.literal('organization.invite'),
    id: z.string().min(1),
    email: z.string().min(1),
    role: z.string().min(1),
    // No `deleted` status (§3.1): a deleted invite disappears; an unknown status aborts rather than guesses.
    status: z.enum(['pending', 'accepted', 'expired']),
    created_at: unixSeconds.optional(),
    invited_at: unixSeconds.optional(),
    expires_at: unixSeconds.nullable().optional(),
    accepted_at: unixSeconds.nullable().optional(),
    projects: z.array(projectGrant).max(10_000).nullable().optional(),
  })
  .transform(({ created_at, invited_at, ...invite }, ctx) => {
    const createdAt = created_at ?? invited_at;
    if (createdAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['created_at'], message: 'missing (neither created_at nor invited_at)' });
      return z.NEVER;
    }
    return { ...invite, createdAt, projects: invite.projects ?? [] };
  });

/**
 * A user: `email` may be null or absent, then the nested `user.email` (§3.3, §12.2); a user with
 * neither (a service account) is read and kept apart, never an unreadable item.
 */
export const userSchema = z.object({
  object: z.literal('organization.user'),
  id: z.string().min(1),
  added_at: unixSeconds,
  email: z.string().nullable().optional(),
  role: z.string().nullable().optional(),
  user: z.object({ email: z.string().nullable().optional() }).nullable().optional(),
  // Why the API keeps a user out of reach (§3.3, §6.5): such members are protected in the plan.
  is_default: z.boolean().nullable().optional(),
  is_service_account: z.boolean().nullable().optional(),
  is_scim_managed: z.boolean().nullable().optional(),
});

/** A cursor list: `{object: "list", data, has_more, first_id?, last_id?}` (§3.6; the ids optional and nullable). */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    first_id: z.string().nullable().optional(),
    last_id: z.string().nullable().optional(),
  });
}

/** A delete's answer: `{object: "organization.invite.deleted", id, deleted: true}` (§3.5). */
export const deletedSchema = z.object({ object: z.literal('organization.invite.deleted'), id: z.string(), deleted: z.literal(true) });

/** A member removal's answer: `{object: "organization.user.deleted", id, deleted: true}` (§3.5). */
export const userDeletedSchema = z.object({ object: z.literal('organization.user.deleted'), id: z.string(), deleted: z.literal(true) });

/** `{error: {message, type, param, code}}` (§7.1); every part read as a hint only. */
export const errorSchema = z.object({
  error: z.object({
    message: z.string().nullable().optional(),
    type: z.string().nullable().optional(),
    param: z.string().nullable().optional(),
    code: z.string().nullable().optional(),
  }),
});
