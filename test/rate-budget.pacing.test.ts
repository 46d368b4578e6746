// Client pacing against the sandbox's DRF-style sliding log: paced in advance, the server never says 429.
import { afterEach, describe, expect, it } from 'vitest';
import { concurrencyGates } from '../src/apply/gates.ts';
import { startSandbox, type Sandbox } from '../src/emulators/sandbox.ts';
import type { ProviderName } from '../src/model.ts';
import { connect } from '../src/providers/connect.ts';
import { RateBudgets, type BudgetWait } from '../src/rate-budget.ts';
import { sandboxOrg } from './helpers/orgs.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A retry policy that gives up at the first 429, so any throttled request shows as a failure. */
const NO_RETRY = { limit: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 };

describe('pacing to an org’s own rate windows (a custom plan)', () => {
  it.each<ProviderName>(['anthropic', 'posthog'])('%s: 15 reads (30+ requests) at a sliding 10/s, none refused, every wait reported', async (provider) => {
    sandbox = await startSandbox({ rateLimit: { sliding: [{ requests: 10, perSeconds: 1 }] } });
    const org = sandboxOrg(sandbox, provider, { rateWindows: [{ requests: 10, perMs: 1000 }] });
    const budgets = new RateBudgets();
    const [connection] = connect([org], { env: sandbox.env, readOnly: true, budgets, retry: NO_RETRY, gateFor: concurrencyGates(8) });
    const waits: BudgetWait[] = [];
    budgets.budgetFor(provider, sandbox.env[org.connection.apiKeyEnv]!, []).onWait((wait) => waits.push(wait));

    await Promise.all(Array.from({ length: 15 }, () => connection!.provider.read()));

    const server = provider === 'posthog' ? sandbox.posthog : sandbox.anthropic;
    expect(server.log.filter((entry) => entry.status === 429)).toEqual([]);
    expect(server.log.length).toBeGreaterThanOrEqual(30);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((wait) => wait.reason === 'pacing' && wait.message.startsWith('pacing: 10/1 s window full'))).toBe(true);
  }, 20_000);

  it('without its own windows, a loopback org is not paced in advance: the 429 is the signal', async () => {
    sandbox = await startSandbox({ rateLimit: { sliding: [{ requests: 10, perSeconds: 1 }] } });
    const org = sandboxOrg(sandbox, 'anthropic');
    const [connection] = connect([org], { env: sandbox.env, readOnly: true, budgets: new RateBudgets(), retry: NO_RETRY, gateFor: concurrencyGates(8) });
    // Whether a refused read then fails or waits is the HTTP layer's retry policy; the 429s are the point here.
    await Promise.allSettled(Array.from({ length: 15 }, () => connection!.provider.read()));
    expect(sandbox.anthropic.log.filter((entry) => entry.status === 429).length).toBeGreaterThan(0);
  });
});
