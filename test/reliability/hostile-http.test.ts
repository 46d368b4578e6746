// Hostile HTTP servers through main(): redirects, 307 on POST, silence, drip, huge bodies, endless Retry-After — each ends in time, the key stays home, no write follows a failed read.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME, type CliRun } from '../helpers/cli.ts';
import { hostileServers, sendJson, type HostileServer, type SeenRequest } from '../helpers/hostile-server.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

const POSTHOG_KEY = 'phx_hostileHttpSuiteKey0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-admin01-hostileHttpSuiteKey0123456789abcdefAA';
const ENV = { POSTHOG_PERSONAL_API_KEY: POSTHOG_KEY, ANTHROPIC_ADMIN_API_KEY: ANTHROPIC_KEY };
/** Small limits so each case ends fast; the defaults are checked in test/commands/planning-limits.test.ts. */
const FAST = ['--timeout', '1s', '--read-deadline', '3s', '--deadline', '20s'];
/** Generous bound on a run that must end by its 3 s read deadline (a loaded 2-core CI box included). */
const ENDS_WITHIN_MS = 10_000;

const serve = hostileServers(afterEach);

function config(provider: 'posthog' | 'anthropic', url: string): string {
  const where = provider === 'posthog' ? `host: ${url}\n    organization_id: 0190a4f2-7c11-7000-8000-2f4c1d0a5e33` : `base_url: ${url}`;
  return `version: 1\norgs:\n  target:\n    provider: ${provider}\n    ${where}\n    invites:\n      - email: new@acme.com\n`;
}

/** An empty org in the provider's own page shape. */
function emptyPage(request: SeenRequest, response: ServerResponse): void {
  if (request.url.startsWith('/v1/')) sendJson(response, 200, { data: [], has_more: false, first_id: null, last_id: null });
  else sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
}

async function run(verb: 'plan' | 'apply', provider: 'posthog' | 'anthropic', url: string, flags = FAST): Promise<CliRun & { ms: number }> {
  const cwd = await configDir(config(provider, url));
  const started = performance.now();
  const result = await runCli(verb === 'apply' ? ['apply', '--yes', ...flags] : ['plan', ...flags], { cwd, env: ENV });
  return { ...result, ms: performance.now() - started };
}

function keysIn(requests: readonly SeenRequest[]): string[] {
  return requests.flatMap((request) => [JSON.stringify(request.headers), request.url, request.body]).filter((text) => text.includes(POSTHOG_KEY) || text.includes(ANTHROPIC_KEY));
}

/** What every hostile case must end with: a clean failure in time, no key in output, no write after a failed read. */
function expectCleanFailure(result: CliRun & { ms: number }, api: HostileServer, codes: number[] = [1], withinMs = ENDS_WITHIN_MS): void {
  expect(codes).toContain(result.code);
  expect(result.ms).toBeLessThan(withinMs);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
  for (const output of [result.stdout, result.stderr]) expect(output).not.toMatch(new RegExp(`${POSTHOG_KEY}|${ANTHROPIC_KEY}`));
  if (codes.includes(1) && result.code === 1) expect(api.seen.filter((request) => request.method !== 'GET')).toEqual([]);
}

describe.each(['posthog', 'anthropic'] as const)('%s: redirects', (provider) => {
  it('a cross-origin 302 on a read fails the run naming only the origin; the key never reaches it', async () => {
    const elsewhere = await serve(emptyPage);
    const api = await serve((request, response) => void response.writeHead(302, { location: `${elsewhere.url}${request.url}&stolen=1` }).end());
    const result = await run('apply', provider, api.url);
    expectCleanFailure(result, api);
    expect(result.stderr).toContain(`refused a redirect to ${elsewhere.url};`);
    expect(result.stderr).not.toContain('stolen');
    expect(elsewhere.seen).toEqual([]);
  });

  it('a redirect to plain http is refused by the same rule', async () => {
    const api = await serve((_request, response) => void response.writeHead(301, { location: 'http://attacker.example/collect?k=1' }).end());
    const result = await run('plan', provider, api.url);
    expectCleanFailure(result, api);
    expect(result.stderr).toContain('refused a redirect to http://attacker.example;');
  });

  it('a 307 on the create is a failed change, never reported as applied, and the key stays home', async () => {
    const elsewhere = await serve((_request, response) => sendJson(response, 201, {}));
    const api = await serve((request, response) => (request.method === 'GET' ? emptyPage(request, response) : void response.writeHead(307, { location: `${elsewhere.url}/take` }).end()));
    const result = await run('apply', provider, api.url);
    expectCleanFailure(result, api, [3]);
    expect(result.stdout).toMatch(/failed/i);
    expect(elsewhere.seen).toEqual([]);
    expect(keysIn(elsewhere.seen)).toEqual([]);
    expect(api.seen.filter((request) => request.method === 'POST')).toHaveLength(1);
  });
});

describe.each(['posthog', 'anthropic'] as const)('%s: time and size', (provider) => {
  it('headers then silence: the run fails by its deadline and nothing is written', async () => {
    const api = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{');
    });
    const result = await run('apply', provider, api.url);
    expectCleanFailure(result, api);
    expect(result.stderr).toMatch(/no complete answer within 1s \(--timeout\)|the read deadline of 3s \(--read-deadline\) passed/);
  });

  it('a slow drip that never ends fails at the read deadline and nothing is written', async () => {
    const api = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(drip));
    });
    const result = await run('apply', provider, api.url);
    expectCleanFailure(result, api);
  });

  it('a huge body is cut off at the size cap, named, and nothing is written', async () => {
    const api = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.on('error', () => undefined);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (!response.destroyed && sent++ < 600) if (!response.write(chunk)) return void response.once('drain', pump);
      };
      pump();
    });
    // Time enough to read past the cap: the size, not the clock, must stop this one.
    const result = await run('apply', provider, api.url, ['--timeout', '15s', '--read-deadline', '20s']);
    expectCleanFailure(result, api, [1], 30_000);
    expect(result.stderr).toContain('larger than 32 MiB');
  });

  it('a Retry-After of a day stops at once, naming the wait', async () => {
    const api = await serve((_request, response) => sendJson(response, 429, {}, { 'retry-after': '86400' }));
    const result = await run('apply', provider, api.url);
    expectCleanFailure(result, api);
    expect(result.stderr).toContain('asked to wait 24h (Retry-After)');
  });
});
