// Properties of the planner over generated worlds (convergence, idempotence, order, scope), checked against oracles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesAny } from '../src/glob.ts';
import type { CurrentInvite, CurrentOrg, CurrentState, DesiredOrg, DesiredState, Plan } from '../src/model.ts';
import { planChanges } from '../src/plan.ts';
import { fuzzSeed } from './helpers/fuzz-seed.ts';
import { scenarioArb } from './helpers/plan-arbitraries.ts';
import type { Scenario } from './helpers/plan-arbitraries.ts';

// 500 runs from a fixed seed, so CI replays a failure; INVITECTL_FUZZ_SEED=random explores (test/helpers/fuzz-seed.ts).
const RUNS = { numRuns: 500, ...fuzzSeed(20261125) };

// Oracles written apart from the planner, so a shared mistake cannot hide.
const norm = (email: string) => email.trim().toLowerCase();
const today = (now: Date) => now.toISOString().slice(0, 10);
const isLive = (until: string | undefined, now: Date) => until === undefined || until >= today(now);
const isPendingNow = (invite: CurrentInvite, now: Date) =>
  invite.status === 'pending' && (invite.expiresAt === undefined || Date.parse(invite.expiresAt) > now.getTime());
const isExpiredNow = (invite: CurrentInvite, now: Date) => invite.status === 'expired' || (invite.status === 'pending' && !isPendingNow(invite, now));
const wantedOf = (org: DesiredOrg, now: Date) => org.invites.filter((invite) => isLive(invite.until, now) && !matchesAny(invite.email, org.ignore));
const endedEmailsOf = (org: DesiredOrg, now: Date) => new Set(org.invites.filter((invite) => !isLive(invite.until, now)).map((invite) => invite.email));
const currentOf = (current: CurrentState, name: string): CurrentOrg => current.orgs[name]!;

/** What the APIs would hold after the plan, in model terms (DESIGN §3's replace/delete semantics). */
function applyModel(plan: Plan, current: CurrentState, now: Date): CurrentState {
  const orgs: Record<string, CurrentOrg> = {};
  for (const [name, org] of Object.entries(current.orgs)) orgs[name] = { invites: [...org.invites], members: [...org.members] };
  let next = 0;
  for (const org of plan.orgs) {
    const state = orgs[org.name]!;
    for (const change of org.changes) {
      if (change.action === 'delete' || (change.action === 'replace' && change.inviteStatus === 'pending')) {
        const before = state.invites.length;
        state.invites = state.invites.filter((invite) => invite.id !== change.inviteId);
        expect(state.invites.length, `${change.action} ${change.email} removes exactly one invite`).toBe(before - 1);
      }
      if (change.action === 'delete') continue;
      const fresh: CurrentInvite = { id: `new-${next++}`, email: change.email, access: change.to!, status: 'pending', createdAt: now.toISOString() };
      if (org.provider === 'anthropic') fresh.expiresAt = new Date(now.getTime() + 21 * 86_400_000).toISOString();
      state.invites.push(fresh);
    }
  }
  return { orgs };
}

/** The desired state holds in `state`: every wanted email is served, nothing revoked or pruned lingers. */
function expectConverged(org: DesiredOrg, state: CurrentOrg, now: Date): void {
  const pendingNow = state.invites.filter((invite) => isPendingNow(invite, now));
  const wanted = wantedOf(org, now);
  for (const invite of wanted) {
    if (state.members.some((member) => norm(member.email) === invite.email)) continue;
    const mine = pendingNow.filter((candidate) => norm(candidate.email) === invite.email);
    if (mine.length === 0) {
      expect(org.reinviteExpired, `${invite.email} is served or deliberately not re-invited`).toBe(false);
      expect(state.invites.some((candidate) => norm(candidate.email) === invite.email && isExpiredNow(candidate, now))).toBe(true);
      continue;
    }
    expect(mine.map((candidate) => candidate.access), `${invite.email} has a pending ${invite.access} invite`).toContain(invite.access);
    if (org.prune) expect(mine, `${invite.email} has no stray duplicates`).toHaveLength(1);
  }
  const wantedEmails = new Set(wanted.map((invite) => invite.email));
  const ended = endedEmailsOf(org, now);
  for (const invite of pendingNow) {
    const email = norm(invite.email);
    if (wantedEmails.has(email) || matchesAny(email, org.ignore)) continue;
    expect(ended.has(email), `ended grant ${email} was revoked`).toBe(false);
    expect(org.prune, `unlisted ${email} survives only with prune off`).toBe(false);
  }
}

function expectNoChanges(plan: Plan): void {
  expect(plan.orgs.flatMap((org) => org.changes)).toEqual([]);
}

/** A deterministic shuffle (mulberry32), so fast-check can replay and shrink the seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Current state built from the desired one: each wanted email pending with its access, plus noise that needs no change. */
function currentFrom({ desired, current, now }: Scenario): CurrentState {
  const orgs: Record<string, CurrentOrg> = {};
  for (const org of desired.orgs) {
    const noise = currentOf(current, org.name).invites.filter(
      (invite) => !isPendingNow(invite, now) || matchesAny(norm(invite.email), org.ignore),
    );
    const served: CurrentInvite[] = wantedOf(org, now).map((invite, index) => ({
      id: `served-${index}`,
      email: ` ${invite.email.toUpperCase()}`,
      access: invite.access,
      status: 'pending',
      createdAt: new Date(now.getTime() - 86_400_000).toISOString(),
      ...(org.provider === 'anthropic' ? { expiresAt: new Date(now.getTime() + 86_400_000).toISOString() } : {}),
    }));
    orgs[org.name] = { invites: [...served, ...noise], members: currentOf(current, org.name).members };
  }
  return { orgs };
}

describe('planChanges properties', () => {
  it('convergence: applying the plan to a model of the APIs reaches the desired state, and re-planning finds nothing to do', () => {
    fc.assert(
      fc.property(scenarioArb, ({ desired, current, now }) => {
        const after = applyModel(planChanges(desired, current, now), current, now);
        for (const org of desired.orgs) expectConverged(org, currentOf(after, org.name), now);
        expectNoChanges(planChanges(desired, after, now));
      }),
      RUNS,
    );
  });

  it('idempotence: a current state built from the desired one needs no changes', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expectNoChanges(planChanges(scenario.desired, currentFrom(scenario), scenario.now));
      }),
      RUNS,
    );
  });

  it('order independence: shuffling listed invites, current invites and members gives the same plan', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), ({ desired, current, now }, seed) => {
        const shuffledDesired: DesiredState = { orgs: desired.orgs.map((org) => ({ ...org, invites: shuffle(org.invites, seed) })) };
        const shuffledCurrent: CurrentState = {
          orgs: Object.fromEntries(
            shuffle(Object.entries(current.orgs), seed + 1).map(([name, org]) => [
              name,
              { invites: shuffle(org.invites, seed + 2), members: shuffle(org.members, seed + 3) },
            ]),
          ),
        };
        expect(planChanges(shuffledDesired, shuffledCurrent, now)).toStrictEqual(planChanges(desired, current, now));
      }),
      RUNS,
    );
  });

  it('nothing ignored or unmanaged is deleted: no delete matches ignore; with prune off only ended grants are revoked', () => {
    fc.assert(
      fc.property(scenarioArb, ({ desired, current, now }) => {
        const plan = planChanges(desired, current, now);
        desired.orgs.forEach((org, index) => {
          const deletes = plan.orgs[index]!.changes.filter((change) => change.action === 'delete');
          for (const change of deletes) expect(matchesAny(change.email, org.ignore), `${change.email} is ignored`).toBe(false);
          if (org.prune) return;
          const ended = endedEmailsOf(org, now);
          for (const change of deletes) expect(ended.has(change.email), `${change.email} is an ended grant`).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('no write outside scope: each delete or replace names an invite of that org, in the state it claims, once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ desired, current, now }) => {
        const plan = planChanges(desired, current, now);
        for (const org of plan.orgs) {
          const byId = new Map(currentOf(current, org.name).invites.map((invite) => [invite.id, invite]));
          const ids: string[] = [];
          for (const change of org.changes) {
            expect(change.org).toBe(org.name);
            if (change.action === 'create') continue;
            const invite = byId.get(change.inviteId!);
            expect(invite, `${change.action} ${change.email} names an invite of ${org.name}`).toBeDefined();
            expect(norm(invite!.email)).toBe(change.email);
            expect(invite!.access).toBe(change.from);
            const isPending = change.action === 'delete' || change.reason === 'role';
            expect(isPending ? isPendingNow(invite!, now) : isExpiredNow(invite!, now)).toBe(true);
            expect(change.inviteStatus).toBe(isPending ? 'pending' : 'expired');
            ids.push(change.inviteId!);
          }
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
      RUNS,
    );
  });
});
