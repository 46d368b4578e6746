// Anthropic re-invites (revoke, then create): nothing is revoked that the API would refuse to re-invite, and a refused create restores the old invite.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { Change, DesiredOrg, Plan } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';

let sandbox: Sandbox | undefined;
let hostile: HostileServer | undefined;
afterEach(async () => {
  await sandbox?.close();
  await hostile?.close();
  sandbox = hostile = undefined;
});

const FAST_CONFIRM = { windowMs: 50, firstDelayMs: 5, maxDelayMs: 20 };

/** A one-org plan that re-invites `email` from `from` to `to`, replacing invite `inviteId`. */
function reinvitePlan(org: DesiredOrg, email: string, inviteId: string, from: string, to: string): Plan {
  const change: Change = { org: org.name, action: 'replace', email, reason: 'role', from, to, inviteId, inviteStatus: 'pending' };
  return { orgs: [{ name: org.name, provider: 'anthropic', changes: [change], kept: [], members: 0, pending: 1 }] };
}

async function applyTo(org: DesiredOrg, env: Record<string, string>, plan: Plan) {
  const connections = connect([org], { env, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 });
  return (await applyPlan(plan, connections, { confirm: FAST_CONFIRM })).results[0]!;
}

const pendingOf = (email: string) => sandbox!.anthropic.api.invites().filter((invite) => invite.email === email && invite.status === 'pending');

describe('apply: Anthropic re-invites never leave a person with nothing unannounced', () => {
  it('does not revoke when the new role cannot be invited through the API (checked before any write)', async () => {
    sandbox = await startSandbox({ seed: { anthropic: { ...defaultAnthropicSeed(), invites: [{ id: 'invite_old', email: 'kim@acme.com', role: 'user', age_days: 1 }] } } });
    const org = sandboxOrg(sandbox, 'anthropic');
    const result = await applyTo(org, sandbox.env, reinvitePlan(org, 'kim@acme.com', 'invite_old', 'user', 'admin'));
    expect(result.outcome).toBe('failed');
    expect(result.failure?.message).toMatch(/^not revoked: the anthropic API cannot invite with "admin" .*; the user invite is kept$/);
    expect(sandbox.anthropic.log.filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(pendingOf('kim@acme.com').map((invite) => [invite.id, invite.role])).toEqual([['invite_old', 'user']]);
  });

  it('restores the old invite when the API refuses the new role, and says so', async () => {
    // An org that refuses `developer` (e.g. a Claude Enterprise org): the refusal comes only after the revoke.
    const invites = new Map([['invite_old', 'user']]);
    hostile = await startHostileServer((request, response: ServerResponse) => {
      if (request.method === 'DELETE') {
        invites.delete(request.url.split('/').pop()!);
        return sendJson(response, 200, { id: 'invite_old', type: 'invite_deleted' });
      }
      const body = JSON.parse(request.body) as { email: string; role: string };
      if (body.role === 'developer') return sendJson(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'role: developer cannot be invited in this organization' } });
      invites.set('invite_new', body.role);
      sendJson(response, 200, { id: 'invite_new', type: 'invite', email: body.email, role: body.role, status: 'pending', invited_at: '2026-06-15T00:00:00Z', expires_at: '2026-07-06T00:00:00Z' });
    });
    const org = desiredOrg({ name: 'claude', provider: 'anthropic', connection: { baseUrl: hostile.url, apiKeyEnv: 'KEY' } });
    const result = await applyTo(org, { KEY: 'sk-ant-admin01-hostile-test-key' }, reinvitePlan(org, 'kim@acme.com', 'invite_old', 'user', 'developer'));
    expect(result.outcome).toBe('failed');
    expect(result.failure?.message).toBe(
      'revoked the old user invite; the new developer invite was refused: role: developer cannot be invited in this organization; restored the user invite (the person was e-mailed again)',
    );
    expect(hostile.seen.map((request) => `${request.method} ${request.body ? (JSON.parse(request.body) as { role: string }).role : ''}`)).toEqual(['DELETE ', 'POST developer', 'POST user']);
    expect([...invites]).toEqual([['invite_new', 'user']]);
  });

  it('says the person has no invite when the restore is refused too (a domain the org does not allow)', async () => {
    const seed = defaultAnthropicSeed();
    sandbox = await startSandbox({
      seed: { anthropic: { ...seed, organization: { ...seed.organization, allowed_email_domains: ['acme.com'] }, invites: [{ id: 'invite_old', email: 'kim@other.io', role: 'user', age_days: 1 }] } },
    });
    const org = sandboxOrg(sandbox, 'anthropic');
    const result = await applyTo(org, sandbox.env, reinvitePlan(org, 'kim@other.io', 'invite_old', 'user', 'developer'));
    expect(result.outcome).toBe('failed');
    expect(result.failure?.code).toBe('email_domain_not_allowed');
    expect(result.failure?.message).toMatch(
      /^revoked the old user invite; the new developer invite was refused: .*kim@other\.io is not allowed\.; could not restore the user invite \(.*not allowed\.\): the person now has no invite$/,
    );
    expect(sandbox.anthropic.log.filter((entry) => entry.method === 'POST').map((entry) => (entry.body as { role: string }).role)).toEqual(['developer', 'user']);
    expect(pendingOf('kim@other.io')).toEqual([]);
  });
});
