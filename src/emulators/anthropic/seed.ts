// Anthropic emulator: the seed schema (its section of a sandbox seed file) and the default state.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalizeEmail } from './email.ts';
import { ASSIGNABLE_ROLES, EDITIONS, isOneOf, MEMBER_ROLES, rolesOf } from './wire.ts';
import { reportRepeats } from '../seed-checks.ts';

/** Scopes of a Claude Enterprise scoped Admin key (reference §1, §14.1); a key without `scopes` may do everything. */
export const KEY_SCOPES = ['read:members', 'write:members', 'read:rbac_groups', 'write:rbac_groups'] as const;

const timestamp = z.iso.datetime({ offset: true });
const ageDays = z.number().nonnegative();
const notBoth = (a: unknown, b: unknown) => a === undefined || b === undefined;

const apiKeySchema = z.strictObject({
  key: z.string().min(1),
  name: z.string().optional(),
  scopes: z.array(z.enum(KEY_SCOPES)).optional(),
});

const userSchema = z
  .strictObject({
    id: z.string().startsWith('user_').optional(),
    email: z.email(),
    name: z.string().min(1).optional(),
    role: z.enum(MEMBER_ROLES),
    added_at: timestamp.optional(),
    age_days: ageDays.optional(),
    /** Provisioned by SCIM (Enterprise only): role changes and removal get 400; the User object does not show it (§13.3). */
    scim_managed: z.boolean().default(false),
  })
  .refine((u) => notBoth(u.added_at, u.age_days), { message: 'give added_at or age_days, not both' });

const inviteSchema = z
  .strictObject({
    id: z.string().startsWith('invite_').optional(),
    email: z.email(),
    role: z.enum(ASSIGNABLE_ROLES),
    invited_at: timestamp.optional(),
    age_days: ageDays.optional(),
    // `expired` is not stored: a pending invite older than 21 days reads as expired.
    status: z.enum(['pending', 'accepted', 'deleted']).default('pending'),
    accepted_at: timestamp.optional(),
    /** `null`: the API reports no expiry for this invite (UNCONFIRMED that it ever does, §14.7); its status still expires. */
    expires_at: z.null().optional(),
  })
  .refine((i) => notBoth(i.invited_at, i.age_days), { message: 'give invited_at or age_days, not both' })
  .refine((i) => i.accepted_at === undefined || i.status === 'accepted', {
    message: 'accepted_at is only allowed on an accepted invite',
    path: ['accepted_at'],
  });

/**
 * The Anthropic emulator's starting state (strict: unknown keys are errors). Times are either
 * absolute (`invited_at`, `added_at`) or an age in days relative to the clock at start-up, so a
 * seed can hold expired invites (`age_days: 30`). The first API key is the primary one.
 */
export const anthropicSeedSchema = z
  .strictObject({
    organization: z.strictObject({
      id: z.uuid(),
      name: z.string().min(1),
      /** Orgs may restrict invitees to their own domains (reference §6.1, §12 `email_domain_not_allowed`). */
      allowed_email_domains: z.array(z.string().min(1)).optional(),
      /** Claude Console (the default) or Claude Enterprise: which roles members hold and invites carry (§14.1). */
      edition: z.enum(EDITIONS).default('console'),
    }),
    api_keys: z.array(apiKeySchema).min(1),
    users: z.array(userSchema).default([]),
    invites: z.array(inviteSchema).default([]),
    /** A fault: the first N `DELETE /v1/organizations/users/{id}` get 409 `concurrent_membership_change` and change nothing (§14.5). */
    concurrent_membership_changes: z.int().nonnegative().default(0),
  })
  .superRefine((seed, ctx) => {
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    reportRepeats([['api_keys', seed.api_keys]], (k) => k.key, 'key', () => 'duplicate API key', report);
    const emails = new Set<string>();
    const { edition } = seed.organization;
    const roles = rolesOf(edition);
    seed.users.forEach((u, i) => {
      const email = normalizeEmail(u.email);
      if (emails.has(email)) report(['users', i, 'email'], `duplicate member ${u.email}`);
      emails.add(email);
      if (!isOneOf(roles.member, u.role)) report(['users', i, 'role'], `a ${edition} organization has no ${u.role} members (its roles: ${roles.member.join(', ')})`);
      if (u.scim_managed && edition !== 'enterprise') report(['users', i, 'scim_managed'], 'only a Claude Enterprise organization has SCIM-managed members');
    });
    seed.invites.forEach((invite, i) => {
      if (!isOneOf(roles.assignable, invite.role)) report(['invites', i, 'role'], `a ${edition} organization cannot invite ${invite.role} (it invites ${roles.assignable.join(', ')})`);
    });
    reportRepeats<{ id?: string | undefined }>([['users', seed.users], ['invites', seed.invites]], (item) => item.id, 'id', (id) => `duplicate id ${id}`, report);
  });

/** A seed as written (defaults not yet applied). */
export type AnthropicSeed = z.input<typeof anthropicSeedSchema>;
/** A seed after validation, with defaults applied. */
export type ParsedAnthropicSeed = z.output<typeof anthropicSeedSchema>;

/**
 * A realistic-looking, stable admin key (`sk-ant-admin01-…AA`). Derived at run time so that no
 * key-shaped literal sits in the source for secret scanners to flag.
 */
function sandboxAdminKey(): string {
  const digest = createHash('sha512').update('invitectl anthropic sandbox').digest('base64url');
  return `sk-ant-admin01-${digest.slice(0, 84)}AA`;
}

/**
 * The sandbox's default organization: one admin key, an admin and three members, one pending
 * invite and one expired invite.
 */
export function defaultAnthropicSeed(): AnthropicSeed {
  return {
    organization: { id: '6c6b4c0e-3f6a-4e52-9a43-1d2f5b7e8a90', name: 'Acme Corp' },
    api_keys: [{ key: sandboxAdminKey(), name: 'invitectl sandbox admin key' }],
    users: [
      { email: 'ada@acme.com', name: 'Ada Lovelace', role: 'admin', age_days: 400 },
      { email: 'grace@acme.com', name: 'Grace Hopper', role: 'developer', age_days: 200 },
      { email: 'linus@acme.com', name: 'Linus Torvalds', role: 'user', age_days: 90 },
      { email: 'margaret@acme.com', name: 'Margaret Hamilton', role: 'billing', age_days: 30 },
    ],
    invites: [
      { email: 'dan@acme.com', role: 'user', age_days: 30 },
      { email: 'eve@acme.com', role: 'developer', age_days: 2 },
    ],
  };
}
