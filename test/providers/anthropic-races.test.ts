// Anthropic writes that race other changes: a revoke after acceptance or expiry, a concurrent membership change (409).
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { connect } from '../../src/providers/connect.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';

let sandbox: Sandbox;
afterEach(() => sandbox.close());

async function start() {
  sandbox = await startSandbox({
    seed: { anthropic: { ...defaultAnthropicSeed(), invites: [{ email: 'dan@acme.com', role: 'user', age_days: 2 }, { email: 'old@acme.com', role: 'user', age_days: 30 }] } },
  });
  return connect([sandboxOrg(sandbox, 'anthropic')], { env: sandbox.env, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 })[0]!.provider;
}

const idOf = (email: string) => sandbox.anthropic.api.invites().find((invite) => invite.email === email)!.id;
const deletes = () => sandbox.anthropic.log.filter((entry) => entry.method === 'DELETE').length;

describe('anthropic provider: writes that race', () => {
  it('a revoke of an invite accepted since the read (400) re-reads it and finds nothing left to revoke', async () => {
    const provider = await start();
    sandbox.anthropic.api.acceptInvite('dan@acme.com');
    expect((await provider.delete(idOf('dan@acme.com'))).value).toBe('already-gone');
    expect(sandbox.anthropic.api.users().some((user) => user.email === 'dan@acme.com')).toBe(true);
    expect(deletes()).toBe(1);
  });

  it('a revoke of an expired invite (400) is already gone too', async () => {
    const provider = await start();
    expect((await provider.delete(idOf('old@acme.com'))).value).toBe('already-gone');
  });

  it('a create refused twice with 409 concurrent_membership_change is sent again and made once; one email', async () => {
    const provider = await start();
    sandbox.anthropic.api.failNextWithConflict('POST', 2);
    const { value } = await provider.create([{ email: 'kim@acme.com', access: 'user' }]);
    expect(value.map((invite) => invite.email)).toEqual(['kim@acme.com']);
    expect(sandbox.anthropic.api.emailsSent('kim@acme.com')).toBe(1);
    expect(sandbox.anthropic.log.filter((entry) => entry.method === 'POST')).toHaveLength(3);
  });

  it('a revoke refused with 409 is sent again; x-should-retry: false is obeyed', async () => {
    const provider = await start();
    sandbox.anthropic.api.failNextWithConflict('DELETE', 1);
    expect((await provider.delete(idOf('dan@acme.com'))).value).toBe('deleted');
    expect(deletes()).toBe(2);
    sandbox.anthropic.api.failNextWithConflict('POST', 1, false);
    const refused = await provider.create([{ email: 'kim@acme.com', access: 'user' }]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect((refused as ProviderError).code).toBe('concurrent_membership_change');
    expect(sandbox.anthropic.api.emailsSent('kim@acme.com')).toBe(0);
  });
});
