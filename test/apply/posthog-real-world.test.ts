// PostHog's real-world data and modes (api/posthog.md §5, §14) end to end: read, plan, apply, plan again, through real sockets.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { DesiredInvite, DesiredOrg, OrgPlan } from '../../src/model.ts';
import { LINK_INVITE_EMAIL, planChanges } from '../../src/plan.ts';
import { connect } from '../../src/providers/connect.ts';
import { readCurrent } from '../../src/reconcile.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { checkSafety } from '../../src/safety.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

const ORG = DEFAULT_ORGANIZATION_ID;
const FAST_CONFIRM = { windowMs: 60, firstDelayMs: 5, maxDelayMs: 20 };

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(extra: Partial<PostHogSeed>): Promise<Sandbox> {
  const seed = defaultPostHogSeed();
  sandbox = await startSandbox({ seed: { posthog: { ...seed, ...extra, users: [...(seed.users ?? []), ...(extra.users ?? [])] } } });
  return sandbox;
}

function orgOf(invites: DesiredInvite[], overrides: Partial<DesiredOrg> = {}): DesiredOrg {
  return sandboxOrg(sandbox!, 'posthog', { invites, safety: { maxDeletes: 50, maxDeleteRatio: 1 }, ...overrides });
}

function connectTo(org: DesiredOrg) {
  return connect([org], { env: sandbox!.env, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 });
}

async function planOf(org: DesiredOrg): Promise<OrgPlan> {
  const current = await readCurrent(connectTo(org));
  return planChanges({ orgs: [org] }, current, new Date()).orgs[0]!;
}

async function apply(org: DesiredOrg, orgPlan: OrgPlan) {
  return (await applyPlan({ orgs: [orgPlan] }, connectTo(org), { confirm: FAST_CONFIRM })).results;
}

const pendingFor = (email: string) => sandbox!.posthog.api.invitesOf(ORG).filter((invite) => invite.target_email === email && !invite.is_expired);

describe('PostHog: invites without an email (§14.1)', () => {
  const links: Partial<PostHogSeed> = { invites: [{ organization: ORG, email: null, age_days: 1 }, { organization: ORG, email: null, age_days: 900 }] };

  it('reads them, shows them in the plan, and keeps them with prune off', async () => {
    await start(links);
    const plan = await planOf(orgOf([{ email: 'new@acme.com', access: 'member' }], { prune: false }));
    expect(plan.linkInvites).toEqual({ pending: 1, expired: 1, revoked: false });
    expect(plan.changes.map((change) => change.email)).toEqual(['new@acme.com']);
    const dir = await configDir(`version: 1\norgs:\n  analytics:\n    provider: posthog\n    host: \${INVITECTL_POSTHOG_URL}\n    organization_id: ${ORG}\n    prune: false\n    invites: []\n`);
    const run = await runAgainst(sandbox!, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(run.stdout).toContain('2 link invites without an email (1 pending, usable by anyone with the link: kept (prune is off); 1 expired)');
    expect(run.code).toBe(0);
    // import cannot list them: a config has no way to name an invite without an email.
    const imported = await runAgainst(sandbox!, ['import', '--org', 'analytics'], { cwd: dir });
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toMatch(/email: (''|"")?\s*$/m);
  });

  it('revokes the pending one under prune, counts it in the mass-delete guard, and converges', async () => {
    await start(links);
    const org = orgOf([]);
    const plan = await planOf(org);
    expect(plan.changes).toMatchObject([{ action: 'delete', email: LINK_INVITE_EMAIL }]);
    expect(plan.linkInvites).toEqual({ pending: 1, expired: 1, revoked: true });
    expect(checkSafety({ orgs: [plan] }, { [org.name]: { maxDeletes: 0, maxDeleteRatio: 0.5 } })[org.name]).toMatchObject({ ok: false, deletes: 1, pending: 1 });
    expect((await apply(org, plan)).map((result) => result.outcome)).toEqual(['applied']);
    expect(sandbox!.posthog.api.invitesOf(ORG).map((invite) => [invite.target_email, invite.is_expired])).toEqual([[null, true]]);
    expect((await planOf(org)).changes).toEqual([]);
  });
});

describe('PostHog: members hidden from /members/ (§14.3)', () => {
  it('fails the invite alone with the real reason, never re-sent, while the rest of its batch is created once', async () => {
    await start({
      users: [
        { email: 'gone@acme.com', is_active: false, memberships: [{ organization: ORG, level: 1 }] },
        { email: 'guest@acme.com', memberships: [{ organization: ORG, level: 1, guest: true }] },
      ],
    });
    const wanted = ['a0@acme.com', 'a1@acme.com', 'gone@acme.com', 'a2@acme.com', 'guest@acme.com', 'a3@acme.com'];
    const org = orgOf(wanted.map((email) => ({ email, access: 'member' })));
    const plan = await planOf(org);
    expect(plan.changes).toHaveLength(6);
    const results = await apply(org, plan);
    const failed = results.filter((result) => result.outcome === 'failed');
    expect(failed.map((result) => result.change.email).sort()).toEqual(['gone@acme.com', 'guest@acme.com']);
    for (const result of failed) expect(result.failure?.message).toBe(`${result.change.email} is already in the organization (inactive or guest member hidden from the members list)`);
    for (const email of wanted.filter((email) => email.startsWith('a'))) expect(sandbox!.posthog.api.emailsSent(email)).toBe(1);
    expect(sandbox!.posthog.api.emailsSent('gone@acme.com') + sandbox!.posthog.api.emailsSent('guest@acme.com')).toBe(0);
    // The refusal is definite: one create alone per hidden member, then no more.
    const bulkCalls = sandbox!.posthog.log.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/invites/bulk/'));
    expect(bulkCalls.length).toBeLessThanOrEqual(5);
  });
});

describe('PostHog: the real bulk error body (§5)', () => {
  it('isolates one refused address in a batch of 20 by bisection: 19 created, no second email to anyone', async () => {
    await start({ organizations: [{ id: ORG, name: 'Acme', projects: [{ id: 1, name: 'Web' }] }] });
    const invites: DesiredInvite[] = Array.from({ length: 20 }, (_, i) => ({ email: `p${String(i).padStart(2, '0')}@acme.com`, access: 'member' }));
    // Project 999 is not the org's: PostHog refuses that item in validation, before anything is written, and does not say which.
    invites[13] = { ...invites[13]!, projects: [{ id: 999, level: 'member' }] };
    const org = orgOf(invites);
    const results = await apply(org, await planOf(org));
    const failed = results.filter((result) => result.outcome === 'failed');
    expect(failed.map((result) => [result.change.email, result.failure?.message])).toEqual([
      ['p13@acme.com', 'private_project_access: Project does not exist on this organization, or it is private and you do not have access to it.'],
    ]);
    expect(results.filter((result) => result.outcome === 'applied')).toHaveLength(19);
    for (const invite of invites) expect(sandbox!.posthog.api.emailsSent(invite.email)).toBe(invite.email === 'p13@acme.com' ? 0 : 1);
    const bulkCalls = sandbox!.posthog.log.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/invites/bulk/'));
    expect(bulkCalls.length).toBeLessThanOrEqual(11);
  });
});

describe('PostHog: project access survives a re-invite (§14.4)', () => {
  const web = { id: 1, name: 'Web' };
  const docs = { id: 2, name: 'Docs' };

  it('carries the old invite\'s project access over a level change and an expired re-invite, and converges', async () => {
    await start({
      organizations: [{ id: ORG, name: 'Acme', projects: [web, docs] }],
      invites: [
        { organization: ORG, email: 'x@acme.com', level: 1, age_days: 1, private_project_access: [{ id: 1, level: 'admin' }] },
        { organization: ORG, email: 'old@acme.com', level: 1, age_days: 5, private_project_access: [{ id: 2, level: 'member' }] },
      ],
    });
    const org = orgOf([{ email: 'x@acme.com', access: 'admin' }, { email: 'old@acme.com', access: 'member' }]);
    const plan = await planOf(org);
    expect(plan.changes).toMatchObject([
      { email: 'old@acme.com', reason: 'expired', projects: [{ id: 2, level: 'member' }] },
      { email: 'x@acme.com', reason: 'role', projects: [{ id: 1, level: 'admin' }] },
    ]);
    expect((await apply(org, plan)).map((result) => result.outcome)).toEqual(['applied', 'applied']);
    expect(pendingFor('x@acme.com').map((invite) => [invite.level, invite.private_project_access])).toEqual([[8, [{ id: 1, level: 'admin' }]]]);
    expect(pendingFor('old@acme.com').map((invite) => invite.private_project_access)).toEqual([[{ id: 2, level: 'member' }]]);
    expect((await planOf(org)).changes).toEqual([]);
  });

  it('re-invites for a projects change alone (reason projects), shows both sides, sends one email, and converges', async () => {
    await start({
      organizations: [{ id: ORG, name: 'Acme', projects: [web, docs] }],
      invites: [{ organization: ORG, email: 'x@acme.com', level: 1, age_days: 1, private_project_access: [{ id: 1, level: 'admin' }] }],
    });
    const org = orgOf([{ email: 'x@acme.com', access: 'member', projects: [{ id: 2, level: 'member' }, { id: 1, level: 'member' }] }]);
    const plan = await planOf(org);
    expect(plan.changes).toMatchObject([{ action: 'replace', reason: 'projects', from: 'member', to: 'member', fromProjects: [{ id: 1, level: 'admin' }] }]);
    await apply(org, plan);
    expect(pendingFor('x@acme.com').map((invite) => invite.private_project_access)).toEqual([[{ id: 2, level: 'member' }, { id: 1, level: 'member' }]]);
    expect(sandbox!.posthog.api.emailsSent('x@acme.com')).toBe(1);
    expect((await planOf(org)).changes).toEqual([]);
    // A config that states no projects leaves the invite's grants alone.
    expect((await planOf(orgOf([{ email: 'x@acme.com', access: 'member' }]))).changes).toEqual([]);
  });
});

describe('PostHog: projects in the config, through the CLI', () => {
  it('plans a projects re-invite as its own reason, writes it to a plan file whose fingerprint covers the grants, and applies that file', async () => {
    await start({
      organizations: [{ id: ORG, name: 'Acme', projects: [{ id: 1, name: 'Web' }, { id: 2, name: 'Docs' }] }],
      invites: [{ organization: ORG, email: 'x@acme.com', level: 1, age_days: 1, private_project_access: [{ id: 1, level: 'admin' }] }],
    });
    const config = (level: string) =>
      `version: 1\norgs:\n  analytics:\n    provider: posthog\n    host: \${INVITECTL_POSTHOG_URL}\n    organization_id: ${ORG}\n    invites:\n      - email: x@acme.com\n        projects: [{id: 2, level: ${level}}, {id: 1, level: member}]\n`;
    const dir = await configDir(config('admin'));
    const other = await configDir(config('member'));
    const planned = await runAgainst(sandbox!, ['plan', '--out', 'plan.json'], { cwd: dir });
    expect(planned.stdout).toMatch(/-\/\+ re-invite\s+x@acme\.com\s+level: member, projects: 1:admin → 1:member, 2:admin\s+\(projects\)/);
    // Another grant level is another plan: the fingerprint covers the grants.
    await runAgainst(sandbox!, ['plan', '--out', 'plan.json'], { cwd: other });
    const fingerprintIn = async (where: string) => (JSON.parse(await readFile(join(where, 'plan.json'), 'utf8')) as { fingerprint: string }).fingerprint;
    expect(await fingerprintIn(other)).not.toBe(await fingerprintIn(dir));
    const applied = await runAgainst(sandbox!, ['apply', 'plan.json'], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(pendingFor('x@acme.com').map((invite) => invite.private_project_access)).toEqual([[{ id: 2, level: 'admin' }, { id: 1, level: 'member' }]]);
    expect((await runAgainst(sandbox!, ['plan', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });
});

describe('PostHog: older self-hosted releases that do not replace on create (§14.5)', () => {
  const legacy = (extra: Partial<PostHogSeed> = {}): Partial<PostHogSeed> => ({
    replace_on_create: false,
    invites: [{ organization: ORG, email: 'y@acme.com', level: 1, age_days: 1 }],
    ...extra,
  });

  it('revokes the stray old invite in the same apply, and a second plan converges', async () => {
    await start(legacy());
    const org = orgOf([{ email: 'y@acme.com', access: 'admin' }]);
    const results = await apply(org, await planOf(org));
    expect(results.map((result) => [result.outcome, result.failure])).toEqual([['applied', undefined]]);
    expect(pendingFor('y@acme.com').map((invite) => invite.level)).toEqual([8]);
    expect((await planOf(org)).changes).toEqual([]);
  });

  it('says why when the stray cannot be revoked (a member-level key may invite but not revoke)', async () => {
    const memberKey = 'phx_sandboxMemberKey000000000000000000000000000000';
    await start(legacy({ personal_api_keys: [...(defaultPostHogSeed().personal_api_keys ?? []), { value: memberKey, user: 'mia@acme.com', scopes: ['organization_member:write'] }] }));
    sandbox!.env['POSTHOG_PERSONAL_API_KEY'] = memberKey;
    const org = orgOf([{ email: 'y@acme.com', access: 'member', projects: [{ id: 1, level: 'member' }] }]);
    const [result] = await apply(org, await planOf(org));
    expect(result?.outcome).toBe('applied');
    expect(result?.failure?.message).toMatch(/^created, but this PostHog release kept the old invite [0-9a-f-]+ and revoking it failed \(.*Your organization access level is insufficient\..*\); it stays usable until revoked$/);
    expect(pendingFor('y@acme.com')).toHaveLength(2);
  });
});
