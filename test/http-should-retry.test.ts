// x-should-retry: an API's own word on retrying overrides the status rules, but never replays a write it may have acted on.
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, HttpError, type HttpClient } from '../src/http.ts';
import { RateBudget } from '../src/rate-budget.ts';
import { sendJson, startHostileServer, type HostileServer } from './helpers/hostile-server.ts';

let server: HostileServer;
afterEach(() => server.close());

/** A server that fails the first `failures` requests with `status` and `x-should-retry: told`, then answers 200. */
async function failing(status: number, told: 'true' | 'false', failures = 1): Promise<HttpClient> {
  server = await startHostileServer((_request, response, n) => {
    if (n <= failures) sendJson(response, status, { error: { type: 'x' } }, { 'x-should-retry': told });
    else sendJson(response, 200, { ok: true });
  });
  return createHttpClient({ baseUrl: server.url, headers: {}, readOnly: false, budget: new RateBudget(), timeoutMs: 2000, retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 } });
}

const statusOf = (promise: Promise<unknown>) => promise.then(() => 200, (error: unknown) => (error instanceof HttpError ? error.status : -1));

describe('x-should-retry', () => {
  it('true: retries a status that is not normally retried (409), for reads and for writes the server refused', async () => {
    expect(await statusOf((await failing(409, 'true')).get('/x'))).toBe(200);
    expect(server.seen).toHaveLength(2);
    await server.close();
    expect(await statusOf((await failing(409, 'true')).post('/x', {}))).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it('true: never replays a write the server may have acted on (a 5xx POST)', async () => {
    expect(await statusOf((await failing(500, 'true')).post('/x', {}))).toBe(500);
    expect(server.seen).toHaveLength(1);
  });

  it('false: does not retry, even a status that normally is (500 GET, 429)', async () => {
    expect(await statusOf((await failing(500, 'false')).get('/x'))).toBe(500);
    expect(server.seen).toHaveLength(1);
    await server.close();
    expect(await statusOf((await failing(429, 'false')).get('/x'))).toBe(429);
    expect(server.seen).toHaveLength(1);
  });
});
