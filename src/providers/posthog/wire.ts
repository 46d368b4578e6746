// PostHog wire schemas (zod): invites, members, offset pages, the bulk answer, errors; and level numbers.
import { z } from 'zod';

/** PostHog's membership levels by number, and back (api/posthog.md §8.2). */
export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'member', 8: 'admin', 15: 'owner' };
export const LEVEL_NUMBERS: Readonly<Record<string, number>> = { member: 1, admin: 8, owner: 15 };

const level = z.union([z.literal(1), z.literal(8), z.literal(15)]);

/** An invite as the list returns it; extra fields are fine, missing or malformed ones abort the read. */
export const inviteSchema = z.object({
  id: z.string().min(1),
  // null: an old link invite (api/posthog.md §14.1), listed like any other.
  target_email: z.string().min(1).nullable(),
  level,
  is_expired: z.boolean(),
  // A timestamp the planner cannot read would make it guess an expiry: refuse it here, by name.
  created_at: z.iso.datetime({ offset: true }),
  // `[]` by default, null when stored empty; bounded, as every answer is untrusted.
  private_project_access: z
    .array(z.object({ id: z.int(), level: z.string().max(32) }))
    .max(10_000)
    .nullable()
    .optional(),
});

export const memberSchema = z.object({
  // The membership's id (not the user's): what a duplicate in the list is recognised by.
  id: z.string().min(1),
  level,
  // `uuid` is what member writes take (§11.1); a member without one is read, and never changed.
  user: z.object({ email: z.string().min(1), uuid: z.string().min(1).max(200).optional() }),
});

/** DRF LimitOffsetPagination: `{count, next, previous, results}`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ count: z.int().min(0), next: z.string().nullable(), results: z.array(item) });
}

/** The bulk endpoint answers 201 with the created invites, in request order. */
export const bulkResponseSchema = z.array(inviteSchema);

/** drf-exceptions-hog's envelope: one error only. */
export const errorSchema = z.object({
  type: z.string().optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
  attr: z.string().nullable().optional(),
});
