import fc from 'fast-check';
import type {
  CurrentInvite,
  CurrentMember,
  CurrentOrg,
  CurrentState,
  DesiredInvite,
  DesiredOrg,
  DesiredState,
  InviteStatus,
  ProviderName,
} from '../../src/model.ts';
import { matchesAny } from '../../src/glob.ts';

/** A small alphabet, so desired and current emails collide often. */
export const EMAILS = ['ann@a.io', 'bo@a.io', 'cy@b.io', 'di@b.io', 'ed@c.io', 'flo@c.io'] as const;

/** Every provider's access values, so a role change is drawn as often as a level change. */
export const ACCESS: Record<ProviderName, readonly string[]> = {
  posthog: ['member', 'admin', 'owner'],
  anthropic: ['user', 'developer', 'billing', 'claude_code_user'],
  openai: ['reader', 'owner'],
};

const IGNORE_PATTERNS = ['*@c.io', 'bo@*', 'd?@b.io'];
const ORG_NAMES = ['acme', 'beta', 'gamma'];
const DAY = 86_400_000;
const UNTIL_DAYS = ['2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15', '2026-06-16', '2026-06-17', '2026-06-18'];

/** One generated world: a clock, a config's orgs and what the APIs report for them. */
export interface Scenario {
  now: Date;
  desired: DesiredState;
  current: CurrentState;
}

/** Clocks spread over three days, with the UTC day boundaries drawn on purpose. */
export const nowArb: fc.Arbitrary<Date> = fc.oneof(
  fc.date({ min: new Date('2026-06-14T00:00:00.000Z'), max: new Date('2026-06-16T23:59:59.999Z'), noInvalidDate: true }),
  fc.constantFrom(new Date('2026-06-15T00:00:00.000Z'), new Date('2026-06-15T23:59:59.999Z'), new Date('2026-06-16T00:00:00.000Z')),
);

// Emails as an API might report them: any case, with stray whitespace.
const reportedEmailArb = fc
  .tuple(fc.constantFrom(...EMAILS), fc.constantFrom('', ' ', '\t'), fc.boolean())
  .map(([email, pad, upper]) => `${pad}${upper ? email.toUpperCase() : email}${pad}`);

// Offsets from now, ms; 0 and ±1 put expiry exactly on the boundary.
const offsetArb = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -3 * DAY, max: 3 * DAY }));

const optionalText = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined });

function desiredInviteArb(provider: ProviderName): fc.Arbitrary<DesiredInvite> {
  return fc
    .record({
      email: fc.constantFrom(...EMAILS),
      access: fc.constantFrom(...ACCESS[provider]),
      until: fc.option(fc.constantFrom(...UNTIL_DAYS), { nil: undefined }),
      firstName: optionalText(['Ann', 'Bo']),
      message: optionalText(['Welcome', 'Hi']),
    })
    .map(({ email, access, ...rest }) => withoutUndefined({ email, access, ...rest }));
}

interface RawInvite {
  email: string;
  access: string;
  status: InviteStatus;
  createdDaysAgo: number;
  expiresIn: number | undefined;
}

function rawInviteArb(provider: ProviderName): fc.Arbitrary<RawInvite> {
  return fc.record({
    email: reportedEmailArb,
    access: fc.constantFrom(...ACCESS[provider]),
    status: fc.constantFrom<InviteStatus>('pending', 'pending', 'pending', 'expired', 'accepted'),
    // Few distinct creation days, so ties on createdAt happen.
    createdDaysAgo: fc.integer({ min: 0, max: 4 }),
    expiresIn: fc.option(offsetArb, { nil: undefined, freq: 2 }),
  });
}

function memberArb(provider: ProviderName): fc.Arbitrary<CurrentMember> {
  return fc.record({ email: reportedEmailArb, access: fc.constantFrom(...ACCESS[provider]) });
}

interface RawOrg {
  desired: DesiredOrg;
  invites: RawInvite[];
  members: CurrentMember[];
}

function rawOrgArb(name: string): fc.Arbitrary<RawOrg> {
  return fc.constantFrom<ProviderName>('posthog', 'anthropic').chain((provider) =>
    fc
      .record({
        prune: fc.boolean(),
        reinviteExpired: fc.boolean(),
        ignore: fc.subarray(IGNORE_PATTERNS),
        invites: fc.uniqueArray(desiredInviteArb(provider), { selector: (invite) => invite.email, maxLength: EMAILS.length }),
        raw: fc.array(rawInviteArb(provider), { maxLength: 10 }),
        members: fc.array(memberArb(provider), { maxLength: 3 }),
      })
      .map(({ prune, reinviteExpired, ignore, invites, raw, members }) => ({
        desired: {
          name,
          provider,
          connection: { baseUrl: 'http://127.0.0.1:1', apiKeyEnv: 'KEY' },
          prune,
          reinviteExpired,
          ignore,
          safety: { maxDeletes: 5, maxDeleteRatio: 0.25 },
          // Config rules reject a listed email that matches the org's ignore patterns.
          invites: invites.filter((invite) => !matchesAny(invite.email, ignore)),
        },
        invites: raw,
        members,
      })),
  );
}

/** One to three orgs with their current state, ids unique per org, times relative to the clock. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(nowArb, fc.subarray(ORG_NAMES, { minLength: 1 }).chain((names) => fc.tuple(...names.map(rawOrgArb))))
  .map(([now, orgs]) => ({
    now,
    desired: { orgs: orgs.map((org) => org.desired) },
    current: {
      orgs: Object.fromEntries(
        orgs.map((org): [string, CurrentOrg] => [
          org.desired.name,
          { invites: org.invites.map((raw, index) => concreteInvite(`${org.desired.name}-${index}`, raw, now)), members: org.members },
        ]),
      ),
    },
  }));

function concreteInvite(id: string, raw: RawInvite, now: Date): CurrentInvite {
  const invite: CurrentInvite = {
    id,
    email: raw.email,
    access: raw.access,
    status: raw.status,
    createdAt: new Date(now.getTime() - raw.createdDaysAgo * DAY).toISOString(),
  };
  if (raw.expiresIn !== undefined) invite.expiresAt = new Date(now.getTime() + raw.expiresIn).toISOString();
  return invite;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
