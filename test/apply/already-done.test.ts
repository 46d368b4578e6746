// Apply decides on ProviderError.meaning: an API's "already exists" answer is confirmed by a re-read, not reported as a failure.
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { Plan } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const FAST_CONFIRM = { windowMs: 50, firstDelayMs: 5, maxDelayMs: 20 };

async function createKim(role: string) {
  const org = sandboxOrg(sandbox!, 'anthropic');
  const plan: Plan = { orgs: [{ name: org.name, provider: 'anthropic', changes: [{ org: org.name, action: 'create', email: 'kim@acme.com', to: role }], kept: [], members: 0, pending: 0 }] };
  const connections = connect([org], { env: sandbox!.env, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 });
  return (await applyPlan(plan, connections, { confirm: FAST_CONFIRM })).results[0]!;
}

describe('apply: an "already done" answer', () => {
  it('is confirmed when a re-read shows the invite someone else sent, and nothing is sent twice', async () => {
    sandbox = await startSandbox({ seed: { anthropic: { ...defaultAnthropicSeed(), invites: [{ id: 'invite_other', email: 'kim@acme.com', role: 'user', age_days: 1 }] } } });
    const result = await createKim('user');
    expect(result.outcome).toBe('confirmed');
    expect(sandbox.anthropic.api.invites().filter((invite) => invite.email === 'kim@acme.com' && invite.status === 'pending').map((invite) => invite.id)).toEqual(['invite_other']);
  });

  it('fails with the API\'s code when the invite that exists has other access', async () => {
    sandbox = await startSandbox({ seed: { anthropic: { ...defaultAnthropicSeed(), invites: [{ id: 'invite_other', email: 'kim@acme.com', role: 'developer', age_days: 1 }] } } });
    const result = await createKim('user');
    expect(result.outcome).toBe('failed');
    expect(result.failure?.code).toBe('invite_already_exists');
  });
});
