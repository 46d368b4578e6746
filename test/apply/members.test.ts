// Applying member changes (issue #16): after the org's invite writes, role changes before removals, refusals leave the member, unknown outcomes confirmed by re-reading.
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { concurrencyGates } from '../../src/apply/gates.ts';
import { defaultOpenAISeed } from '../../src/emulators/openai/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { Change, DesiredOrg, MemberChange, OrgPlan, Plan } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { hostileServers, sendJson } from '../helpers/hostile-server.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
const serve = hostileServers(afterEach);

const FAST_CONFIRM = { windowMs: 50, firstDelayMs: 5, maxDelayMs: 20 };

/** Applies one org's changes (and reported ones, which must never be sent) through real connections. */
async function applyTo(org: DesiredOrg, env: Record<string, string | undefined>, changes: Change[], reported?: MemberChange[], signal?: AbortSignal) {
  const orgPlan: OrgPlan = { name: org.name, provider: org.provider, changes, kept: [], members: 0, pending: 0, ...(reported ? { reported } : {}) };
  const plan: Plan = { orgs: [orgPlan] };
  const connections = connect([org], { env, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000, gateFor: concurrencyGates(4) });
  const report = await applyPlan(plan, connections, { confirm: FAST_CONFIRM, ...(signal ? { signal } : {}) });
  return report.results.map((result) => `${result.change.action} ${result.change.email}: ${result.outcome}${result.failure ? ` (${result.failure.message})` : ''}`);
}

const role = (org: string, email: string, memberId: string, from: string, to: string): MemberChange => ({ org, action: 'change-role', email, memberId, from, to });
const remove = (org: string, email: string, memberId: string, from: string): MemberChange => ({ org, action: 'remove-member', email, memberId, from, reason: 'unlisted' });

describe('apply: member changes against the emulators', () => {
  it('anthropic: invites first, then a role change and a removal; a refused removal leaves the member with the API\'s reason; reported changes are never sent', async () => {
    sandbox = await startSandbox();
    const org = sandboxOrg(sandbox, 'anthropic');
    const ids = Object.fromEntries(sandbox.anthropic.api.users().map((user) => [user.email, user.id]));
    const results = await applyTo(
      org,
      sandbox.env,
      [
        { org: org.name, action: 'create', email: 'new@acme.com', to: 'user' },
        role(org.name, 'grace@acme.com', ids['grace@acme.com']!, 'developer', 'billing'),
        remove(org.name, 'linus@acme.com', ids['linus@acme.com']!, 'user'),
        remove(org.name, 'ada@acme.com', ids['ada@acme.com']!, 'admin'),
      ],
      [remove(org.name, 'margaret@acme.com', ids['margaret@acme.com']!, 'billing')],
    );
    expect(results).toEqual([
      'create new@acme.com: applied',
      'change-role grace@acme.com: applied',
      'remove-member linus@acme.com: applied',
      expect.stringMatching(/^remove-member ada@acme\.com: failed \(Admins cannot be removed via the API/),
    ]);
    expect(sandbox.anthropic.api.users().map((user) => `${user.email} ${user.role}`).sort()).toEqual(['ada@acme.com admin', 'grace@acme.com billing', 'margaret@acme.com billing']);
    const writes = sandbox.anthropic.log.filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`);
    // The invite write settled before any member write; the role change before the removals.
    expect(writes[0]).toBe('POST /v1/organizations/invites');
    expect(writes[1]).toBe(`POST /v1/organizations/users/${ids['grace@acme.com']}`);
    expect(writes.some((write) => write.endsWith(ids['margaret@acme.com']!))).toBe(false);
  });

  it('openai: a promotion runs before the removal of the only owner, so the org keeps an owner and both go through', async () => {
    sandbox = await startSandbox({ seed: { openai: { ...defaultOpenAISeed(), users: [
      { id: 'user_olga', email: 'olga@acme.com', role: 'owner' },
      { id: 'user_kim', email: 'kim@acme.com', role: 'reader' },
    ] } } });
    const org = desiredOrg({ name: 'gpt', provider: 'openai', connection: { baseUrl: sandbox.env['INVITECTL_OPENAI_URL']!, apiKeyEnv: 'OPENAI_ADMIN_KEY' } });
    // Plan order is by action rank already; the removal is listed first here to show apply orders them itself.
    const results = await applyTo(org, sandbox.env, [remove('gpt', 'olga@acme.com', 'user_olga', 'owner'), role('gpt', 'kim@acme.com', 'user_kim', 'reader', 'owner')]);
    expect(results).toEqual(['remove-member olga@acme.com: applied', 'change-role kim@acme.com: applied']);
    expect(sandbox.openai.api.users().map((user) => `${user.email} ${user.role}`)).toEqual(['kim@acme.com owner']);
  });

  it('once apply is interrupted, sends no member write and reports each as skipped', async () => {
    sandbox = await startSandbox();
    const org = sandboxOrg(sandbox, 'anthropic');
    const ids = Object.fromEntries(sandbox.anthropic.api.users().map((user) => [user.email, user.id]));
    const results = await applyTo(org, sandbox.env, [role(org.name, 'grace@acme.com', ids['grace@acme.com']!, 'developer', 'billing'), remove(org.name, 'linus@acme.com', ids['linus@acme.com']!, 'user')], undefined, AbortSignal.abort());
    expect(results.map((line) => line.split(' (')[0])).toEqual(['change-role grace@acme.com: skipped', 'remove-member linus@acme.com: skipped']);
    expect(sandbox.anthropic.log.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('a removal of a member already gone (404) is confirmed, not failed', async () => {
    sandbox = await startSandbox();
    const org = sandboxOrg(sandbox, 'anthropic');
    expect(await applyTo(org, sandbox.env, [remove(org.name, 'gone@acme.com', 'user_01gone', 'user')])).toEqual(['remove-member gone@acme.com: confirmed']);
  });
});

describe('apply: member writes whose outcome is unknown (hostile PostHog)', () => {
  const ORG = '0190a4f2-7c11-7000-8000-2f4c1d0a5e33';
  const ann = '0190a4f2-0000-7000-8000-000000000001';
  const bob = '0190a4f2-0000-7000-8000-000000000002';

  /** Ann's first PATCH is lost before it acts (an unreadable answer); Bob's DELETE acts but answers 200, not 204. */
  async function hostile() {
    const members = [
      { uuid: ann, email: 'ann@acme.com', level: 1 },
      { uuid: bob, email: 'bob@acme.com', level: 1 },
    ];
    let patches = 0;
    const server = await serve((request, response) => {
      const path = request.url.split('?')[0]!;
      const wire = (member: (typeof members)[number]) => ({ id: `m-${member.uuid}`, level: member.level, user: { uuid: member.uuid, email: member.email } });
      if (request.method === 'GET' && path.endsWith('/invites/')) return sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
      if (request.method === 'GET') return sendJson(response, 200, { count: members.length, next: null, previous: null, results: members.map(wire) });
      const member = members.find((candidate) => path.includes(candidate.uuid));
      if (!member) return sendJson(response, 404, { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
      if (request.method === 'PATCH') {
        if (++patches === 1) return sendJson(response, 200, { surprise: true });
        member.level = (JSON.parse(request.body) as { level: number }).level;
        return sendJson(response, 200, wire(member));
      }
      members.splice(members.indexOf(member), 1);
      return sendJson(response, 200, {});
    });
    return { server, members };
  }

  it('sends an unconfirmed role change again (it is idempotent) and confirms a removal by re-reading: gone is done', async () => {
    const { server, members } = await hostile();
    const org = desiredOrg({ name: 'ph', connection: { baseUrl: server.url, apiKeyEnv: 'POSTHOG_PERSONAL_API_KEY', organizationId: ORG } });
    const results = await applyTo(org, { POSTHOG_PERSONAL_API_KEY: 'phx_test_key_0123456789' }, [role('ph', 'ann@acme.com', ann, 'member', 'admin'), remove('ph', 'bob@acme.com', bob, 'member')]);
    expect(results).toEqual(['change-role ann@acme.com: applied', 'remove-member bob@acme.com: confirmed']);
    expect(members).toEqual([{ uuid: ann, email: 'ann@acme.com', level: 8 }]);
    expect(server.seen.filter((request) => request.method === 'PATCH')).toHaveLength(2);
    expect(server.seen.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });
});
