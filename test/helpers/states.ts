import { expect } from 'vitest';
import type { Change, CurrentInvite, CurrentMember, DesiredInvite, DesiredOrg, InviteStatus, Kept, OrgPlan } from '../../src/model.ts';
import { planChanges } from '../../src/plan.ts';

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

/** Emails the table tests share. */
export const A = 'alice@acme.com';
export const B = 'bob@acme.com';
export const C = 'carol@acme.com';
export const D = 'dan@acme.com';

/** One table row: the `acme` org's config and API state, and the changes and kept invitees expected. */
export interface PlanRow {
  name: string;
  desired?: Partial<DesiredOrg>;
  invites?: CurrentInvite[];
  members?: CurrentMember[];
  now?: Date;
  changes?: Omit<Change, 'org'>[];
  kept?: Kept[];
}

/** Plans the single org `acme` of a row (at NOW unless the row says otherwise). */
export function planAcme(row: Omit<PlanRow, 'name'>): OrgPlan {
  const plan = planChanges(
    { orgs: [desiredOrg(row.desired)] },
    { orgs: { acme: { invites: row.invites ?? [], members: row.members ?? [] } } },
    row.now ?? NOW,
  );
  expect(plan.orgs).toHaveLength(1);
  return plan.orgs[0]!;
}

/** Asserts a row's exact changes (in order, without unexpected keys) and kept invitees. */
export function expectRow(row: PlanRow): void {
  const org = planAcme(row);
  expect(org.changes).toStrictEqual((row.changes ?? []).map((change) => ({ org: 'acme', ...change })));
  expect(org.kept).toStrictEqual(row.kept ?? []);
}
