import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadOnlyError } from '../src/errors.ts';
import { createHttpClient, HttpError, type HttpClientOptions } from '../src/http.ts';
import { RateBudget } from '../src/rate-budget.ts';
import { VERSION } from '../src/version.ts';

type Script = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** A loopback server answering attempt n with script(n); returns its URL and the requests it saw. */
async function serve(script: Script): Promise<{ url: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    request.resume();
    request.on('end', () => script(request, response, seen.length));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

function client(url: string, options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: url,
    headers: { authorization: 'Bearer phx_testTestTestTest1234' },
    readOnly: false,
    budget: new RateBudget(),
    timeoutMs: 500,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 120 },
    ...options,
  });
}

describe('http client', () => {
  it('sends the auth headers and a User-Agent naming invitectl and its version', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, { ok: true }));
    expect((await client(url).get('/things', { limit: 5 })).body).toEqual({ ok: true });
    expect(seen[0]!.headers['user-agent']).toBe(`invitectl/${VERSION}`);
    expect(seen[0]!.headers.authorization).toBe('Bearer phx_testTestTestTest1234');
    expect(seen[0]!.url).toBe('/things?limit=5');
  });

  it('retries a GET on 503 and honours Retry-After up to its cap', async () => {
    const { url, seen } = await serve((_req, res, attempt) => (attempt === 1 ? json(res, 503, {}, { 'retry-after': '30' }) : json(res, 200, { ok: 1 })));
    const started = performance.now();
    await client(url).get('/x');
    expect(seen).toHaveLength(2);
    // Retry-After: 30 s, capped at 120 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('retries GET and DELETE on 500, 529 and timeouts', async () => {
    const { url, seen } = await serve((_req, res, attempt) => {
      if (attempt === 1) return json(res, 500, {});
      if (attempt === 2) return json(res, 529, {});
      if (attempt === 3) return; // never answers: a timeout
      json(res, 200, {});
    });
    await client(url, { timeoutMs: 100 }).delete('/x');
    expect(seen).toHaveLength(4);
  });

  it('never re-sends a POST after a 500: the server may have acted', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 500, { detail: 'boom' }));
    const error = await client(url).post('/invites', { email: 'a@b.co' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'status', status: 500, uncertain: true, body: { detail: 'boom' } });
    expect(seen).toHaveLength(1);
  });

  it('never re-sends a POST that timed out', async () => {
    const { url, seen } = await serve(() => undefined);
    const error = await client(url, { timeoutMs: 100 }).post('/invites', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', uncertain: true });
    expect(seen).toHaveLength(1);
  });

  it('re-sends a POST after 429: the server did not act', async () => {
    const { url, seen } = await serve((_req, res, attempt) => (attempt === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 201, [{ id: 1 }])));
    expect((await client(url).post('/invites', [])).status).toBe(201);
    expect(seen).toHaveLength(2);
  });

  it('marks a POST to a closed port as certainly not sent', async () => {
    const { url } = await serve(() => undefined);
    for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
    const error = await client(url).post('/invites', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', uncertain: false });
  });

  it('fails a response that is not JSON', async () => {
    const { url } = await serve((_req, res) => res.end('<html>proxy error</html>'));
    await expect(client(url).get('/x')).rejects.toMatchObject({ kind: 'invalid-json' });
  });

  it('in read-only mode refuses POST and DELETE before sending anything', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, {}));
    const readOnly = client(url, { readOnly: true });
    await expect(readOnly.post('/invites', {})).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(readOnly.delete('/invites/1')).rejects.toBeInstanceOf(ReadOnlyError);
    await readOnly.get('/invites');
    expect(seen.map((request) => request.method)).toEqual(['GET']);
  });

  it('pauses every request on a credential when one of them is told to retry later', async () => {
    const budget = new RateBudget();
    const { url, seen } = await serve((req, res) => (req.url === '/slow' && seen.length === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, {})));
    const first = client(url, { budget }).get('/slow');
    await new Promise((done) => setTimeout(done, 30));
    const started = performance.now();
    await client(url, { budget }).get('/other');
    // The second client shares the budget, so it waited out the 429's pause (capped at 120 ms).
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    await first;
  });
});
