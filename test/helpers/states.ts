import type { CurrentInvite, CurrentMember, DesiredInvite, DesiredOrg, InviteStatus } from '../../src/model.ts';

/** The planner tests' fixed clock: mid-day UTC, so "today" and "yesterday" are unambiguous. */
export const NOW = new Date('2026-06-15T12:00:00.000Z');

/** A PostHog org named `acme` with the config defaults (prune on, re-invite expired), overridable. */
export function desiredOrg(overrides: Partial<DesiredOrg> = {}): DesiredOrg {
  return {
    name: 'acme',
    provider: 'posthog',
    connection: { baseUrl: 'https://us.posthog.com', apiKeyEnv: 'POSTHOG_PERSONAL_API_KEY', organizationId: '@current' },
    prune: true,
    reinviteExpired: true,
    ignore: [],
    safety: { maxDeletes: 5, maxDeleteRatio: 0.25 },
    invites: [],
    ...overrides,
  };
}

/** A listed invite. */
export function want(email: string, access: string, extra: Omit<DesiredInvite, 'email' | 'access'> = {}): DesiredInvite {
  return { email, access, ...extra };
}

type InviteExtra = Partial<Pick<CurrentInvite, 'createdAt' | 'expiresAt'>>;

function invite(status: InviteStatus, id: string, email: string, access: string, extra: InviteExtra): CurrentInvite {
  return { id, email, access, status, createdAt: '2026-06-01T00:00:00.000Z', ...extra };
}

/** An invite the API reports as pending (still expired when `expiresAt` has passed). */
export const pending = (id: string, email: string, access: string, extra: InviteExtra = {}): CurrentInvite =>
  invite('pending', id, email, access, extra);

/** An invite the API reports as expired. */
export const expired = (id: string, email: string, access: string, extra: InviteExtra = {}): CurrentInvite =>
  invite('expired', id, email, access, extra);

/** An invite the API reports as accepted. */
export const accepted = (id: string, email: string, access: string, extra: InviteExtra = {}): CurrentInvite =>
  invite('accepted', id, email, access, extra);

/** A member of the org. */
export const member = (email: string, access: string): CurrentMember => ({ email, access });
