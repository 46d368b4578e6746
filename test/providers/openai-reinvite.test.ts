// OpenAI re-invites revoke first (a second pending invite is UNCONFIRMED), and a refused create restores the old invite.
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import type { Change, Plan } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { sendJson, type HostileServer } from '../helpers/hostile-server.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';
import { OPENAI_KEY, oaInvite, startFakeOpenAi, type FakeOpenAi } from './openai-fake.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FAST_CONFIRM = { windowMs: 50, firstDelayMs: 5, maxDelayMs: 20 };

async function reinvite(state: FakeOpenAi, to: string) {
  server = await startFakeOpenAi(state);
  const org = desiredOrg({ name: 'gpt', provider: 'openai', connection: { baseUrl: server.url, apiKeyEnv: 'OPENAI_ADMIN_KEY' } });
  const change: Change = { org: 'gpt', action: 'replace', email: 'kim@acme.com', reason: 'role', from: 'reader', to, inviteId: 'invite-old', inviteStatus: 'pending' };
  const plan: Plan = { orgs: [{ name: 'gpt', provider: 'openai', changes: [change], kept: [], members: 0, pending: 1 }] };
  const connections = connect([org], { env: { OPENAI_ADMIN_KEY: OPENAI_KEY }, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 });
  return (await applyPlan(plan, connections, { confirm: FAST_CONFIRM })).results[0]!;
}

const methods = () => server!.seen.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.url}`);

describe('openai: re-invites', () => {
  it('revokes the pending invite, then creates the new one: an API that refuses a second pending invite still changes the role', async () => {
    const state: FakeOpenAi = { invites: [oaInvite('invite-old', 'kim@acme.com')], users: [] };
    const result = await reinvite(state, 'owner');
    expect(result.outcome).toBe('applied');
    expect(methods()).toEqual(['DELETE /v1/organization/invites/invite-old', 'POST /v1/organization/invites']);
    expect(state.invites.map((invite) => `${invite.email} ${invite.role}`)).toEqual(['kim@acme.com owner']);
  });

  it('restores the old invite when the new one is refused after the revoke, and says so', async () => {
    const state: FakeOpenAi = {
      invites: [oaInvite('invite-old', 'kim@acme.com')],
      users: [],
      override: (request, response) => {
        if (request.method !== 'POST' || !request.body.includes('"owner"')) return false;
        sendJson(response, 400, { error: { message: 'Owners must be invited from the dashboard.', type: 'invalid_request_error', param: 'role', code: null } });
        return true;
      },
    };
    const result = await reinvite(state, 'owner');
    expect(result.outcome).toBe('failed');
    expect(result.failure?.message).toMatch(/^revoked the old reader invite; the new owner invite was refused: .*Owners must be invited from the dashboard\..*; restored the reader invite/);
    expect(state.invites.map((invite) => `${invite.email} ${invite.role} ${invite.status}`)).toEqual(['kim@acme.com reader pending']);
  });
});
