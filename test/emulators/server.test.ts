import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type EmulatorServer, type ServerOptions } from '../../src/emulators/server.ts';
import type { ApiEmulator, EmulatorRequest, EmulatorResponse, InjectedStatus } from '../../src/emulators/types.ts';

/** A minimal API: a list of items behind a Bearer key. */
class FakeApi implements ApiEmulator {
  readonly name = 'posthog';
  items: unknown[] = [];
  seen: EmulatorRequest[] = [];

  handle(request: EmulatorRequest): EmulatorResponse {
    this.seen.push(request);
    if (request.rawBody !== '' && request.body === undefined) return { status: 400, body: { error: 'bad json' } };
    if (request.url.pathname === '/boom') throw new Error('handler exploded');
    if (request.method === 'GET' && request.url.pathname === '/items') return { status: 200, body: { items: this.items } };
    if (request.method === 'POST' && request.url.pathname === '/items') {
      this.items.push(request.body);
      return { status: 201, headers: { 'X-Count': String(this.items.length) }, body: { id: this.items.length } };
    }
    if (request.method === 'DELETE' && request.url.pathname.startsWith('/items/')) {
      this.items.pop();
      return { status: 204 };
    }
    return { status: 404, body: { error: 'not found' } };
  }

  failure(status: InjectedStatus, retryAfterSeconds?: number): EmulatorResponse {
    return {
      status,
      ...(retryAfterSeconds !== undefined && { headers: { 'Retry-After': String(retryAfterSeconds) } }),
      body: { error: { type: 'fake_failure', status } },
    };
  }

  credentialOf(request: EmulatorRequest): string | undefined {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    return match?.[1] ?? request.url.searchParams.get('key') ?? undefined;
  }
}

const servers: EmulatorServer<FakeApi>[] = [];
async function start(options?: ServerOptions): Promise<EmulatorServer<FakeApi>> {
  const server = await startServer(new FakeApi(), options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function call(server: EmulatorServer<FakeApi>, method: string, path: string, body?: unknown, key = 'key-a'): Promise<Response> {
  return fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('startServer', () => {
  it('listens on 127.0.0.1 with a URL without trailing slash', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('routes to the API with an absolute URL and parsed JSON, and serialises the answer', async () => {
    const server = await start();
    const response = await call(server, 'POST', '/items?x=1', { email: 'a@example.com' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-count')).toBe('1');
    expect(await response.json()).toEqual({ id: 1 });
    const seen = server.api.seen[0]!;
    expect(seen.url.href).toBe(`${server.url}/items?x=1`);
    expect(seen.body).toEqual({ email: 'a@example.com' });
    expect(seen.rawBody).toBe('{"email":"a@example.com"}');
    expect(server.api.items).toEqual([{ email: 'a@example.com' }]);
  });

  it('passes a body that is not JSON as undefined with its raw text', async () => {
    const server = await start();
    const response = await call(server, 'POST', '/items', '{not json');
    expect(response.status).toBe(400);
    expect(server.api.seen[0]).toMatchObject({ body: undefined, rawBody: '{not json' });
  });

  it('answers an undefined body with no content', async () => {
    const server = await start();
    const response = await call(server, 'DELETE', '/items/1');
    expect(response.status).toBe(204);
    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('refuses bodies over 1 MiB with 413 without calling the API', async () => {
    const server = await start();
    const response = await call(server, 'POST', '/items', 'x'.repeat(1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(server.api.seen).toHaveLength(0);
    expect(server.log[0]).toMatchObject({ status: 413, handled: false });
  });

  it('answers 500 through the API envelope when the handler throws, and logs why', async () => {
    const server = await start();
    const response = await call(server, 'GET', '/boom');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { type: 'fake_failure', status: 500 } });
    expect(server.log[0]).toMatchObject({ handled: true, status: 500, error: 'handler exploded' });
  });

  it('logs every request with exact fields, redacting the key outside `credential`', async () => {
    const server = await start();
    const before = Date.now();
    await call(server, 'POST', '/items', { note: 'key-a', nested: ['key-a', 'other'] });
    await fetch(`${server.url}/items?key=key-b&limit=2`);
    expect(server.log).toEqual([
      {
        seq: 1,
        method: 'POST',
        path: '/items',
        credential: 'key-a',
        body: { note: 'REDACTED', nested: ['REDACTED', 'other'] },
        startedAt: expect.any(Number),
        finishedAt: expect.any(Number),
        status: 201,
        handled: true,
      },
      expect.objectContaining({ seq: 2, method: 'GET', path: '/items?key=REDACTED&limit=2', credential: 'key-b', body: undefined, status: 200 }),
    ]);
    expect(server.log[0]!.startedAt).toBeGreaterThanOrEqual(before);
    expect(server.log[0]!.finishedAt).toBeGreaterThanOrEqual(server.log[0]!.startedAt);
    // The API still sees the request as sent; only the log is redacted.
    expect(server.api.items).toEqual([{ note: 'key-a', nested: ['key-a', 'other'] }]);
  });

  it('counts requests in flight overall and per credential', async () => {
    const server = await start({ faults: { seed: 1, latencyMs: 150 } });
    await Promise.all([
      ...Array.from({ length: 10 }, () => call(server, 'GET', '/items', undefined, 'key-a')),
      ...Array.from({ length: 3 }, () => call(server, 'GET', '/items', undefined, 'key-b')),
    ]);
    expect(server.stats()).toEqual({
      requests: 13,
      byMethod: { GET: 13 },
      maxInFlight: 13,
      maxInFlightByCredential: { 'key-a': 10, 'key-b': 3 },
    });
    await call(server, 'GET', '/items');
    expect(server.stats().maxInFlight).toBe(13);
    server.resetLog();
    expect(server.log).toHaveLength(0);
    await call(server, 'POST', '/items', {});
    expect(server.stats()).toEqual({ requests: 1, byMethod: { POST: 1 }, maxInFlight: 1, maxInFlightByCredential: { 'key-a': 1 } });
    expect(server.log[0]!.seq).toBe(15);
  });

  it('delays requests by the configured latency', async () => {
    const server = await start({ faults: { seed: 1, latencyMs: 120 } });
    const began = performance.now();
    await call(server, 'GET', '/items');
    expect(performance.now() - began).toBeGreaterThanOrEqual(110);
    expect(server.log[0]).toMatchObject({ fault: 'latency', handled: true, status: 200 });
  });

  it('resets the connection before the handler: no state change, a network error', async () => {
    const server = await start({ faults: { seed: 1, rates: { reset: 1 } } });
    await expect(call(server, 'POST', '/items', { a: 1 })).rejects.toThrow(TypeError);
    expect(server.api.items).toEqual([]);
    expect(server.log).toEqual([expect.objectContaining({ method: 'POST', fault: 'reset', handled: false })]);
    expect(server.log[0]).not.toHaveProperty('status');
  });

  it('loses the response after the handler: state changed, a network error, no re-send', async () => {
    const server = await start({ faults: { seed: 1, rates: { lost: 1 } } });
    await expect(call(server, 'POST', '/items', { a: 1 })).rejects.toThrow(TypeError);
    expect(server.api.items).toEqual([{ a: 1 }]);
    expect(server.log.filter((r) => r.method === 'POST')).toEqual([
      expect.objectContaining({ fault: 'lost', handled: true }),
    ]);
    expect(server.log[0]).not.toHaveProperty('status');
  });

  it.each([500, 503, 529] as const)('injects %i through the API envelope without running the handler', async (status) => {
    const server = await start({ faults: { seed: 1, rates: { [String(status)]: 1 } } });
    const response = await call(server, 'POST', '/items', { a: 1 });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { type: 'fake_failure', status } });
    expect(server.api.items).toEqual([]);
    expect(server.log[0]).toMatchObject({ fault: String(status), handled: false, status });
  });

  it('injects 429 with a Retry-After', async () => {
    const server = await start({ faults: { seed: 1, rates: { '429': 1 } } });
    const response = await call(server, 'GET', '/items');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('only faults the chosen methods', async () => {
    const server = await start({ faults: { seed: 1, rates: { '500': 1 }, methods: ['post'] } });
    expect((await call(server, 'GET', '/items')).status).toBe(200);
    expect((await call(server, 'POST', '/items', {})).status).toBe(500);
  });

  it('rate limits per credential with 429 and Retry-After in whole seconds', async () => {
    const server = await start({ rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    expect((await call(server, 'GET', '/items')).status).toBe(200);
    expect((await call(server, 'GET', '/items')).status).toBe(200);
    const limited = await call(server, 'POST', '/items', { a: 1 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toEqual({ error: { type: 'fake_failure', status: 429 } });
    expect(server.api.items).toEqual([]);
    expect(server.log[2]).toMatchObject({ fault: 'rate-limited', handled: false, status: 429 });
    // Another key has its own bucket.
    expect((await call(server, 'GET', '/items', undefined, 'key-b')).status).toBe(200);
    server.setRateLimit(undefined);
    expect((await call(server, 'GET', '/items')).status).toBe(200);
  });

  it('setFaults turns injection on and off at run time', async () => {
    const server = await start();
    server.setFaults({ seed: 3, rates: { '503': 1 } });
    expect((await call(server, 'GET', '/items')).status).toBe(503);
    server.setFaults(undefined);
    expect((await call(server, 'GET', '/items')).status).toBe(200);
  });

  it('closes promptly with an idle keep-alive socket and a request still sleeping', async () => {
    const server = await startServer(new FakeApi());
    const agent = new Agent({ keepAlive: true });
    const get = (): Promise<number> =>
      new Promise((resolve, reject) => {
        httpRequest(`${server.url}/items`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
          .on('error', reject)
          .end();
      });
    try {
      expect(await get()).toBe(200);
      expect(agent.freeSockets).not.toEqual({});
      server.setFaults({ seed: 1, latencyMs: 60_000 });
      const sleeping = get();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const began = performance.now();
      await server.close();
      expect(performance.now() - began).toBeLessThan(1000);
      await expect(sleeping).rejects.toThrow();
      expect(server.log[1]).toMatchObject({ handled: false, fault: 'latency' });
      expect(server.log[1]).not.toHaveProperty('status');
    } finally {
      agent.destroy();
    }
  });
});
