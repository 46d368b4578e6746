import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { ApiEmulator, EmulatorRequest, EmulatorResponse } from '../../src/emulators/types.ts';
import type { ProviderName } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { PAGE_SIZE as ANTHROPIC_PAGE } from '../../src/providers/anthropic/client.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import { PAGE_SIZE as POSTHOG_PAGE } from '../../src/providers/posthog/client.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';
import { bigAnthropicSeed, bigPostHogSeed } from '../helpers/seeds.ts';

let sandbox: Sandbox | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

function providerFor(provider: ProviderName, baseUrl?: string) {
  const org = sandboxOrg(sandbox!, provider);
  if (baseUrl) org.connection.baseUrl = baseUrl;
  return connect([org], { env: sandbox!.env, readOnly: true, budgets: new RateBudgets(), retry: FAST_RETRY })[0]!.provider;
}

/** Wraps an emulator's answers, to make one page or one item go wrong. */
function tamper<A extends ApiEmulator>(api: A, change: (request: EmulatorRequest, response: EmulatorResponse) => EmulatorResponse): void {
  const handle = api.handle.bind(api);
  api.handle = (request) => change(request, handle(request));
}

const isLaterPage = (request: EmulatorRequest) => request.url.searchParams.has('after_id') || Number(request.url.searchParams.get('offset') ?? 0) > 0;
const isInvites = (request: EmulatorRequest) => request.url.pathname.includes('/invites');

/** Sizes in each API's own pages: 2.5 pages of invites, 1.2 of members, 1.5 for the failure cases. */
const PAGE: Readonly<Record<'posthog' | 'anthropic', number>> = { posthog: POSTHOG_PAGE, anthropic: ANTHROPIC_PAGE };
const seedOf = (provider: 'posthog' | 'anthropic', invites: number, members: number) =>
  provider === 'posthog' ? { posthog: bigPostHogSeed(invites, members) } : { anthropic: bigAnthropicSeed(invites, members) };

describe.each(['posthog', 'anthropic'] as const)('%s provider: read', (provider) => {
  const [invites, members, failing] = [PAGE[provider] * 2.5, PAGE[provider] * 1.2, PAGE[provider] * 1.5];
  it('reads 2.5 pages of invites and 1.2 of members in the fewest pages', async () => {
    sandbox = await startSandbox({ seed: seedOf(provider, invites, members) });
    const current = await providerFor(provider).read();
    expect(current.invites).toHaveLength(invites);
    expect(current.members).toHaveLength(members);
    expect(new Set(current.invites.map((invite) => invite.id)).size).toBe(invites);
    // ⌈2.5⌉ + ⌈1.2⌉ page requests, all GETs.
    const server = sandbox[provider];
    expect(server.stats().byMethod).toEqual({ GET: 5 });
  });

  it('decodes invites into the model: lower-cased emails, access names, status', async () => {
    sandbox = await startSandbox();
    const current = await providerFor(provider).read();
    for (const invite of current.invites) {
      expect(invite.email).toBe(invite.email.toLowerCase());
      expect(['pending', 'expired', 'accepted']).toContain(invite.status);
      expect(provider === 'posthog' ? ['member', 'admin', 'owner'] : ['user', 'developer', 'billing', 'claude_code_user']).toContain(invite.access);
    }
    expect(current.members.length).toBeGreaterThan(0);
  });

  it('fails as a whole when a page keeps failing', async () => {
    sandbox = await startSandbox({ seed: seedOf(provider, failing, 10) });
    const server = sandbox[provider];
    tamper(server.api, (request, response) => (isLaterPage(request) ? server.api.failure(500) : response));
    const read = providerFor(provider).read();
    await expect(read).rejects.toBeInstanceOf(ProviderError);
    await expect(read).rejects.toThrow(/failed: 500/);
    // The failing page was retried (FAST_RETRY.limit) before the read gave up.
    expect(server.log.filter((entry) => entry.status === 500).length).toBe(FAST_RETRY.limit + 1);
  });

  it('fails as a whole on one unreadable item', async () => {
    sandbox = await startSandbox({ seed: seedOf(provider, failing, 10) });
    tamper(sandbox[provider].api, (request, response) => {
      if (!isLaterPage(request) || !isInvites(request) || response.status !== 200) return response;
      const body = structuredClone(response.body) as { results?: Array<Record<string, unknown>>; data?: Array<Record<string, unknown>> };
      const items = (body.results ?? body.data)!;
      delete items[7]![provider === 'posthog' ? 'target_email' : 'email'];
      return { ...response, body };
    });
    await expect(providerFor(provider).read()).rejects.toThrow(/unreadable response: (results|data)\[7\]\.(target_email|email)/);
  });

  it('fails as a whole when a response is not JSON', async () => {
    sandbox = await startSandbox();
    const broken = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"count": 3, "next": null, "results": [');
    });
    servers.push(broken);
    await new Promise<void>((done) => broken.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    await expect(providerFor(provider, url).read()).rejects.toThrow(/the response was not JSON/);
  });

  it('succeeds with 20 % injected faults on reads', async () => {
    sandbox = await startSandbox({
      seed: seedOf(provider, invites, members),
      faults: { seed: 11, rates: { '429': 0.04, '500': 0.04, '503': 0.04, '529': 0.04, reset: 0.04 } },
    });
    const current = await providerFor(provider).read();
    expect(current.invites).toHaveLength(invites);
    expect(current.members).toHaveLength(members);
    expect(sandbox[provider].log.some((entry) => entry.fault !== undefined && entry.fault !== 'latency')).toBe(true);
  });
});
