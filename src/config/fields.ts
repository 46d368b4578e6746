// Shared zod field builders for the config file: what every provider's org and invite schema is made of.
import { z } from 'zod';

/** An invitee's email; compared lower-cased. */
export const email = z.email({ error: 'not a valid email address' }).describe('Email address of the invitee; compared lower-cased.');

/** The last day a grant is wanted. */
export const until = z.iso
  .date({ error: 'expected a date as YYYY-MM-DD' })
  .describe('Last day (UTC) the invite is wanted; after it the invite is no longer desired.');

/** The mass-delete guard's limits, at the top of the file or in an org. */
export const safety = z
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

/** Email globs never created or deleted. */
export const ignore = z
  .array(z.string().min(1, 'an empty pattern matches nothing'))
  .default([])
  .describe('Email globs (`*`, `?`, case-insensitive) never created or deleted, e.g. "*@contractors.example.com".');

/** The keys every org has, whatever its API; spread into each provider's org schema. */
export const orgCommon = {
  prune: z.boolean().default(true).describe('Delete pending invites that are not listed (default true).'),
  reinvite_expired: z.boolean().default(true).describe('Re-send invites that expired (default true).'),
  ignore,
  safety: safety.optional(),
};

/** The name of an environment variable (where a key is read from). */
export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name such as MY_API_KEY');

/** A URL origin: https, or http on loopback only (checked in rules, where the message can be precise). */
export const origin = z.string().min(1);

/** A UUID, any case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
