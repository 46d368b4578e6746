import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { ReadOnlyError } from '../../src/errors.ts';
import type { ProviderName } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import type { InviteToSend } from '../../src/providers/provider.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function connectTo(provider: ProviderName, options: { readOnly?: boolean; env?: Record<string, string> } = {}) {
  const org = sandboxOrg(sandbox!, provider);
  return connect([org], { env: options.env ?? sandbox!.env, readOnly: options.readOnly ?? false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 })[0]!;
}

const invitesFor = (provider: ProviderName, count: number, prefix = 'new'): InviteToSend[] =>
  Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@acme.com`, access: provider === 'posthog' ? 'member' : 'developer' }));

/** Sends every invite in small batches (many calls, so faults land); returns the errors, never retrying one. */
async function createAll(provider: ProviderName, invites: InviteToSend[]): Promise<unknown[]> {
  const { provider: api, capabilities } = connectTo(provider);
  const batch = Math.min(4, capabilities.maxBatch);
  const errors: unknown[] = [];
  for (let i = 0; i < invites.length; i += batch) {
    await api.create(invites.slice(i, i + batch)).catch((error: unknown) => errors.push(error));
  }
  return errors;
}

/** The emails a logged POST carried (a bulk array or one invite). */
function emailsOf(body: unknown): string[] {
  const items = Array.isArray(body) ? body : [body];
  return items.map((item: Record<string, string>) => (item['target_email'] ?? item['email'])!);
}

describe.each(['posthog', 'anthropic'] as const)('%s provider: writes', (provider) => {
  it('creates invites (PostHog in one bulk call of up to 20) and revokes them', async () => {
    sandbox = await startSandbox();
    const connection = connectTo(provider);
    const batch = invitesFor(provider, provider === 'posthog' ? 20 : 1);
    const { value: created } = await connection.provider.create(batch);
    expect(created.map((invite) => invite.email)).toEqual(batch.map((invite) => invite.email));
    expect(sandbox[provider].log.filter((entry) => entry.method === 'POST')).toHaveLength(1);
    const current = await connection.provider.read();
    const mine = current.invites.filter((invite) => invite.email.startsWith('new'));
    expect(mine.map((invite) => [invite.email, invite.access, invite.status])).toEqual(
      expect.arrayContaining(batch.map((invite) => [invite.email, invite.access, 'pending'])),
    );
    expect((await connection.provider.delete(created[0]!.id)).value).toBe('deleted');
    expect((await connection.provider.delete(created[0]!.id)).value).toBe('already-gone');
    const after = await connection.provider.read();
    expect(after.invites.some((invite) => invite.id === created[0]!.id)).toBe(false);
  });

  it('reports an API rejection with its code, message and the org', async () => {
    sandbox = await startSandbox();
    const connection = connectTo(provider);
    const error = await connection.provider.create([{ email: 'not-an-email', access: provider === 'posthog' ? 'member' : 'user' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ org: `${provider}-org`, operation: 'create', status: 400, uncertain: false });
    expect((error as ProviderError).message).toMatch(new RegExp(`^${provider}-org \\(${provider}\\): invite not-an-email failed: 400`));
  });

  it('in read-only mode refuses a create or a delete before anything is sent', async () => {
    sandbox = await startSandbox();
    const { provider: api } = connectTo(provider, { readOnly: true });
    await expect(api.create(invitesFor(provider, 1))).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(api.delete('some-invite-id')).rejects.toBeInstanceOf(ReadOnlyError);
    expect(sandbox[provider].log).toHaveLength(0);
  });

  it('with 20 % faults never re-sends a create whose response might have been lost', async () => {
    sandbox = await startSandbox({ faults: { seed: 5, rates: { '429': 0.04, '500': 0.04, '529': 0.04, reset: 0.04, lost: 0.04 } } });
    const invites = invitesFor(provider, provider === 'posthog' ? 400 : 100, 'soak');
    const errors = await createAll(provider, invites);
    const posts = sandbox[provider].log.filter((entry) => entry.method === 'POST');
    const ambiguous = posts.filter((entry) => entry.fault === 'lost' || entry.fault === 'reset' || (entry.status ?? 0) >= 500);
    expect(ambiguous.length).toBeGreaterThan(0);
    for (const entry of ambiguous) {
      const later = posts.filter((other) => other.seq > entry.seq).flatMap((other) => emailsOf(other.body));
      expect(later).not.toEqual(expect.arrayContaining(emailsOf(entry.body).slice(0, 1)));
    }
    // A 429 means the server did not act, so that create was sent again and went through.
    const throttled = posts.filter((entry) => entry.fault === '429');
    expect(throttled.length).toBeGreaterThan(0);
    // Every failure is reported, each marked uncertain exactly when the server may have acted.
    expect(errors.length).toBe(ambiguous.length);
    for (const error of errors) expect(error).toMatchObject({ uncertain: true });
    // Nobody got two emails.
    for (const invite of invites) expect(sandbox[provider].api.emailsSent(invite.email)).toBeLessThanOrEqual(1);
  });

  it('never lets the API key into an error, across faults and auth failures', async () => {
    sandbox = await startSandbox({ faults: { seed: 3, rates: { '500': 0.2, reset: 0.2, lost: 0.2 } } });
    const key = provider === 'posthog' ? sandbox.env['POSTHOG_PERSONAL_API_KEY']! : sandbox.env['ANTHROPIC_ADMIN_API_KEY']!;
    const wrongKey = provider === 'posthog' ? 'phx_wrongWrongWrongWrong123' : 'sk-ant-admin01-wrongWrongWrong';
    const errors = [
      ...(await createAll(provider, invitesFor(provider, 40, 'leak'))),
      await connectTo(provider, { env: { ...sandbox.env, POSTHOG_PERSONAL_API_KEY: wrongKey, ANTHROPIC_ADMIN_API_KEY: wrongKey } })
        .provider.read()
        .catch((error: unknown) => error),
    ];
    expect(errors.length).toBeGreaterThan(2);
    expect(errors.at(-1)).toMatchObject({ status: 401 });
    for (const error of errors) {
      const text = [String(error), (error as Error).stack, inspect(error, { depth: null, showHidden: true }), JSON.stringify(error)].join('\n');
      expect(text).not.toContain(key);
      expect(text).not.toContain(wrongKey);
    }
  });
});
