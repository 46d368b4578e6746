// Shared zod field builders for the config file: what every provider's org and invite schema is made of.
import { z } from 'zod';
import { normalizeEmail, type DesiredInvite } from '../model.ts';
import { MAX_WINDOW_REQUESTS } from '../rate-budget.ts';

/** An invitee's email; compared lower-cased and trimmed, so `" a@b.c "` (quoted, spaced) is `a@b.c`. */
export const email = z
  .string()
  .trim()
  .pipe(z.email({ error: 'not a valid email address' }))
  // The JSON Schema describes the input, spaces around the address allowed, as editors check it.
  .meta({ pattern: `^\\s*${(z.toJSONSchema(z.email()) as { pattern: string }).pattern.slice(1, -1)}\\s*$` })
  .describe('Email address of the invitee; compared lower-cased and trimmed.');

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
      .describe('… and this share of the org\'s managed pending invites: not ignored, listed or under prune (default 0.25).'),
    max_member_removals: z
      .int()
      .min(0)
      .optional()
      .describe('With members: manage, a plan is unsafe when its member removals exceed this count (default 2) …'),
    max_member_removal_ratio: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('… and this share of the org\'s members (default 0.05).'),
  })
  .describe('Mass-delete guards (invite revokes, and member removals apart): both limits of a guard must be exceeded for a plan to be unsafe.');

/** Email globs never created or deleted. */
export const ignore = z
  .array(z.string().min(1, 'an empty pattern matches nothing'))
  .default([])
  .describe('Email globs (`*`, `?`, case-insensitive) never created or deleted, e.g. "*@contractors.example.com".');

/** Units a `per` duration may use, in milliseconds; `m` is left out so it is never read as minutes or months by mistake. */
const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1000, min: 60_000, h: 3_600_000 };

/** The longest window a rate limit may name: the budget keeps one timestamp per request, and a day covers every published limit. */
export const MAX_RATE_WINDOW_MS = 86_400_000;

/** The most windows one org may list: each request is logged in every one. */
export const MAX_RATE_WINDOWS = 8;

/** Milliseconds in a `per` duration (`90s`, `1min`, `1h`), or undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,5})(s|min|h)$/.exec(text);
  return match ? Number(match[1]) * DURATION_UNITS[match[2]!]! : undefined;
}

/** One window of a custom plan's limit: at most `requests` in any `per`. */
export const rateLimit = z
  .strictObject({
    requests: z
      .int({ error: 'expected a whole number of requests' })
      .min(1, 'must be at least 1')
      .max(MAX_WINDOW_REQUESTS, `must be at most ${MAX_WINDOW_REQUESTS.toLocaleString('en-US')}`)
      .describe(`Requests allowed in any window of length per (1 to ${MAX_WINDOW_REQUESTS}).`),
    per: z
      .string({ error: 'expected a duration such as 60s, 1min or 1h' })
      .regex(/^[1-9][0-9]*(s|min|h)$/, {
        error: (issue) =>
          /^\d+m$/.test(String(issue.input)) ? 'write minutes as min, e.g. 1min (m is not accepted)' : 'expected a duration such as 60s, 1min or 1h (units s, min, h)',
        abort: true,
      })
      .refine((text) => (durationMs(text) ?? Infinity) <= MAX_RATE_WINDOW_MS, 'must be at most 24h')
      .describe('Window length: a whole number with s, min or h, e.g. 60s, 1min, 1h (at most 24h).'),
  })
  .describe('At most requests in any window of length per (a sliding log, as the APIs count).');

/** A custom plan's rate limits for the org's API key; they replace the provider's published ones. */
export const rateLimits = z
  .array(rateLimit)
  .min(1, 'list at least one window, or leave rate_limits out to use the published limits')
  .max(MAX_RATE_WINDOWS, `at most ${MAX_RATE_WINDOWS} windows`)
  .describe(
    "Your API key's own limits (a custom plan), e.g. [{ requests: 100, per: 60s }]: they replace the published ones. Orgs on one key must list the same.",
  );

/** How an org's members are managed; `ignore` (the default) leaves them alone. */
export const MEMBERS_MODES = ['ignore', 'report', 'manage'] as const;

/** The keys every org has, whatever its API; spread into each provider's org schema. */
export const orgCommon = {
  members: z
    .enum(MEMBERS_MODES, { error: `expected members to be one of ${MEMBERS_MODES.join(', ')}` })
    .optional()
    .describe(
      'Members who accepted: ignore (default) leaves them alone; report shows the role changes and removals manage would make, never applying them; manage applies them.',
    ),
  key_owner: email
    .optional()
    .describe("The API key's own user (no API says who it is): never demoted or removed unless its invite entry has override_protection: true."),
  prune: z.boolean().default(true).describe('Delete pending invites that are not listed (default true).'),
  reinvite_expired: z.boolean().default(true).describe('Re-send invites that expired (default true).'),
  ignore,
  safety: safety.optional(),
  rate_limits: rateLimits.optional(),
};

/** The name of an environment variable (where a key is read from). */
export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name such as MY_API_KEY');

/** A URL origin: https, or http on loopback only (checked in rules, where the message can be precise). */
export const origin = z.string().min(1);

/** A UUID, any case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** On an invite entry: this exact person may be changed or removed by members: manage even when protected. */
export const overrideProtection = z
  .boolean()
  .optional()
  .describe('With members: manage, lets this member be demoted or removed although protected (owner/admin-type, key owner, SCIM, service account); never the last owner, nor a role the API itself refuses to change.');

/** An invite's project grants, where the API takes them: at most 1,000, each project id once. */
export function projectGrants<Grant extends z.ZodType<{ id: number | string }>>(grant: Grant, description: string) {
  return z
    .array(grant)
    .max(1000)
    .refine((grants) => new Set(grants.map((one) => one.id)).size === grants.length, 'a project id is listed twice')
    .optional()
    .describe(description);
}

/** The part of a desired invite every provider maps the same way: the normalised email, its access, its end date, its override. */
export function desiredInviteOf(
  invite: { email: string; until?: string | undefined; override_protection?: boolean | undefined },
  access: string,
): DesiredInvite {
  return {
    email: normalizeEmail(invite.email),
    access,
    ...(invite.until === undefined ? {} : { until: invite.until }),
    ...(invite.override_protection === true ? { overrideProtection: true } : {}),
  };
}
