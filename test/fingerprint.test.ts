import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintPlan, fingerprintRows, type FingerprintRow } from '../src/fingerprint.ts';
import type { Change, OrgPlan, Plan } from '../src/model.ts';
import { planChanges } from '../src/plan.ts';
import { fuzzSeed } from './helpers/fuzz-seed.ts';
import { scenarioArb } from './helpers/plan-arbitraries.ts';

const create: Change = { org: 'acme', action: 'create', email: 'alice@acme.com', to: 'admin', firstName: 'Alice', message: 'Welcome' };
const replace: Change = {
  org: 'acme',
  action: 'replace',
  email: 'dan@acme.com',
  reason: 'expired',
  from: 'member',
  to: 'member',
  inviteId: 'inv-1',
  inviteStatus: 'expired',
};
const remove: Change = { org: 'claude', action: 'delete', email: 'eve@acme.com', from: 'user', inviteId: 'invite_2', inviteStatus: 'pending' };

function orgPlan(name: string, changes: Change[], extra: Partial<OrgPlan> = {}): OrgPlan {
  return { name, provider: name === 'claude' ? 'anthropic' : 'posthog', changes, kept: [], members: 0, pending: 0, ...extra };
}

const PLAN: Plan = { orgs: [orgPlan('acme', [create, replace]), orgPlan('claude', [remove])] };

describe('fingerprintPlan', () => {
  it('is sha256: and 64 lower-case hex digits, pinned so a change of serialisation is deliberate', () => {
    expect(fingerprintPlan(PLAN)).toMatch(/^sha256:[0-9a-f]{64}$/);
    // sha256 of [["acme","create","alice@acme.com",null,null,"admin","Alice","Welcome"],["acme","replace",…],["claude","delete",…]]
    expect(fingerprintPlan(PLAN)).toBe('sha256:cce90d8359a3e85753141c799073d55aedf1a4b94e1ae11e6518702dc84caa38');
    // The hash of "[]": an empty plan has a well-defined fingerprint too.
    expect(fingerprintPlan({ orgs: [orgPlan('acme', [])] })).toBe('sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945');
  });

  it('is the same whatever the order of orgs and of changes', () => {
    const reordered: Plan = { orgs: [orgPlan('claude', [remove]), orgPlan('acme', [replace, create])] };
    expect(fingerprintPlan(reordered)).toBe(fingerprintPlan(PLAN));
  });

  it('leaves out invite ids and statuses, kept invitees, counts and the org plan\'s own metadata', () => {
    const noisy: Plan = {
      orgs: [
        orgPlan('acme', [create, { ...replace, inviteId: 'inv-9', inviteStatus: 'pending' }], {
          kept: [{ email: 'bob@acme.com', access: 'member', reason: 'unchanged' }],
          members: 40,
          pending: 12,
        }),
        orgPlan('claude', [{ ...remove, inviteId: 'invite_9' }], { provider: 'posthog' }),
      ],
    };
    expect(fingerprintPlan(noisy)).toBe(fingerprintPlan(PLAN));
  });

  it.each<[string, Change]>([
    ['org', { ...replace, org: 'claude' }],
    // Not a valid create (it keeps the replace's fields): only the action differs.
    ['action', { ...replace, action: 'create' } as unknown as Change],
    ['email', { ...replace, email: 'dan2@acme.com' }],
    ['reason', { ...replace, reason: 'role' }],
    ['reason (absent)', withoutKey(replace, 'reason')],
    ['from', { ...replace, from: 'admin' }],
    ['from (absent)', withoutKey(replace, 'from')],
    ['to', { ...replace, to: 'owner' }],
    ['firstName (added)', { ...replace, firstName: 'Dan' }],
    ['firstName (empty rather than absent)', { ...replace, firstName: '' }],
    ['message (added)', { ...replace, message: 'Welcome back' }],
    ['message ("null" rather than absent)', { ...replace, message: 'null' }],
  ])('changes when %s differs', (_field, changed) => {
    const plan: Plan = { orgs: [orgPlan('acme', [create, changed]), orgPlan('claude', [remove])] };
    expect(fingerprintPlan(plan)).not.toBe(fingerprintPlan(PLAN));
  });

  it('tells fields apart by position and counts repeated changes', () => {
    const fromOnly: FingerprintRow = { org: 'acme', action: 'delete', email: 'a@acme.com', from: 'member' };
    const toOnly: FingerprintRow = { org: 'acme', action: 'delete', email: 'a@acme.com', to: 'member' };
    expect(fingerprintRows([fromOnly])).not.toBe(fingerprintRows([toOnly]));
    expect(fingerprintPlan({ orgs: [orgPlan('acme', [create, create])] })).not.toBe(fingerprintPlan({ orgs: [orgPlan('acme', [create])] }));
  });

  it('holds for planned worlds: reversing orgs and changes keeps it, dropping a change alters it', () => {
    fc.assert(
      fc.property(scenarioArb, ({ desired, current, now }) => {
        const plan = planChanges(desired, current, now);
        const reversed: Plan = { orgs: plan.orgs.map((org) => ({ ...org, changes: [...org.changes].reverse() })).reverse() };
        expect(fingerprintPlan(reversed)).toBe(fingerprintPlan(plan));
        const withChanges = plan.orgs.find((org) => org.changes.length > 0);
        if (withChanges === undefined) return;
        const dropped: Plan = { orgs: plan.orgs.map((org) => (org === withChanges ? { ...org, changes: org.changes.slice(1) } : org)) };
        expect(fingerprintPlan(dropped)).not.toBe(fingerprintPlan(plan));
      }),
      { numRuns: 300, ...fuzzSeed(20261126) },
    );
  });
});

function withoutKey(change: Change, key: keyof Change): Change {
  const copy = { ...change };
  delete copy[key];
  return copy;
}

describe('fingerprintRows: project grants and what a revoke sends (mutation-tested)', () => {
  const base: FingerprintRow = { org: 'acme', action: 'create', email: 'a@acme.com', to: 'member' };
  const grants = [
    { id: 2, level: 'admin' },
    { id: 1, level: 'member' },
  ];

  it('hashes grants in any order alike, and tells none, empty, sent and replaced grants apart', () => {
    const prints = [
      fingerprintRows([base]),
      fingerprintRows([{ ...base, projects: [] }]),
      fingerprintRows([{ ...base, projects: grants }]),
      fingerprintRows([{ ...base, projects: [{ id: 1, level: 'admin' }, { id: 2, level: 'member' }] }]),
      fingerprintRows([{ ...base, fromProjects: grants }]),
      fingerprintRows([{ ...base, projects: grants, fromProjects: [] }]),
    ];
    expect(new Set(prints).size).toBe(prints.length);
    expect(fingerprintRows([{ ...base, projects: [...grants].reverse() }])).toBe(prints[2]);
    expect(fingerprintRows([{ ...base, fromProjects: [...grants].reverse() }])).toBe(prints[4]);
  });

  it('pins the serialisation of grants', () => {
    // sha256 of [["acme","create","a@acme.com",null,null,"member",null,null,"1:member,2:admin",null]]
    expect(fingerprintRows([{ ...base, projects: grants }])).toBe(fingerprintRows([{ ...base, projects: [{ id: '1', level: 'member' }, { id: '2', level: 'admin' }] }]));
    expect(fingerprintRows([{ ...base, projects: grants }])).toBe('sha256:457024c03aa386af2f7ada8f3f48efea722308e18869c9037a4f8ce40d5c8795');
  });

  it('leaves a revoke\'s first name and message out, but not a create\'s or a re-invite\'s', () => {
    const revoke: FingerprintRow = { org: 'acme', action: 'delete', email: 'a@acme.com', from: 'member' };
    expect(fingerprintRows([{ ...revoke, firstName: 'Ann', message: 'Hi' }])).toBe(fingerprintRows([revoke]));
    expect(fingerprintRows([{ ...base, firstName: 'Ann' }])).not.toBe(fingerprintRows([base]));
    expect(fingerprintRows([{ ...base, message: 'Hi' }])).not.toBe(fingerprintRows([base]));
    const reinvite: FingerprintRow = { ...revoke, action: 'replace', to: 'member' };
    expect(fingerprintRows([{ ...reinvite, message: 'Hi' }])).not.toBe(fingerprintRows([reinvite]));
  });

  it('does not depend on the order of many rows', () => {
    const rows: FingerprintRow[] = ['c', 'a', 'e', 'b', 'd', 'a'].map((name, index) => ({ ...base, email: `${name}@acme.com`, to: index % 2 === 0 ? 'member' : 'admin' }));
    const print = fingerprintRows(rows);
    expect(fingerprintRows([...rows].reverse())).toBe(print);
    expect(fingerprintRows([rows[3]!, rows[0]!, rows[5]!, rows[1]!, rows[4]!, rows[2]!])).toBe(print);
  });
});

describe('fingerprintRows: order independence over many rows (mutation-tested)', () => {
  it('gives one fingerprint for every order of 24 distinct rows', () => {
    const rows: FingerprintRow[] = Array.from({ length: 24 }, (_, i) => ({ org: `o${i % 3}`, action: 'create', email: `${String.fromCharCode(97 + ((i * 7) % 24))}@acme.com`, to: 'member' }));
    const print = fingerprintRows(rows);
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = [...rows].sort((a, b) => ((a.email.charCodeAt(0) * seed * 31) % 17) - ((b.email.charCodeAt(0) * seed * 31) % 17));
      expect(fingerprintRows(shuffled)).toBe(print);
    }
    expect(fingerprintRows([...rows].reverse())).toBe(print);
  });
});
