// Anthropic Admin API wire schemas (zod): invites, users, a delete's answer, errors.
import { z } from 'zod';

/** An invite as the Admin API returns it; extra fields are fine, missing or malformed ones abort the read. */
export const inviteSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  role: z.string().min(1),
  status: z.enum(['pending', 'accepted', 'expired', 'deleted']),
  // A timestamp the planner cannot read would make it guess an expiry: refuse it here, by name.
  invited_at: z.iso.datetime({ offset: true }),
  // Typed non-null, but no read should fail on one null (api/anthropic.md §14.7): status then says whether it expired.
  expires_at: z.iso.datetime({ offset: true }).nullable(),
});

export const userSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  role: z.string().min(1),
});

/** A delete's answer: `{id, type: "invite_deleted"}`. */
export const deletedSchema = z.object({ id: z.string(), type: z.literal('invite_deleted') });

/** A member removal's answer: `{id, type: "user_deleted"}` (§3.3). */
export const userDeletedSchema = z.object({ id: z.string(), type: z.literal('user_deleted') });

/** `{type: "error", error: {type, message, details?: {error_code}}, request_id}`. */
export const errorSchema = z.object({
  error: z.object({
    type: z.string().optional(),
    message: z.string().optional(),
    details: z.object({ error_code: z.string().optional() }).nullable().optional(),
  }),
  request_id: z.string().optional(),
});
