// The HTTP layer against hostile loopback servers: redirects, silence, drip, huge bodies, Retry-After, deadlines.
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { RunDeadline } from '../src/deadline.ts';
import { ReadAllowance } from '../src/http-fetch.ts';
import { createHttpClient, HttpError, type HttpClientOptions } from '../src/http.ts';
import { RateBudget } from '../src/rate-budget.ts';
import { hostileServers, sendJson } from './helpers/hostile-server.ts';

const KEY = 'sk-ant-admin01-limitsTestKey0123456789';
const serve = hostileServers(afterEach);

function client(url: string, options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: url,
    headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}` },
    readOnly: false,
    budget: new RateBudget(),
    timeoutMs: 2000,
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 200 },
    ...options,
  });
}

const failure = (promise: Promise<unknown>): Promise<HttpError> => promise.then(() => expect.fail('the request succeeded'), (error: unknown) => error as HttpError);

describe('redirects are never followed', () => {
  it('fails a cross-origin 302 on GET naming only the origin, and the key never reaches it', async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, 200, { count: 0, next: null, results: [] }));
    const api = await serve((_req, res) => void res.writeHead(302, { location: `${elsewhere.url}/steal?token=abc` }).end());
    const error = await failure(client(api.url).get('/v1/organizations/invites', { limit: 100 }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'redirect', uncertain: false });
    expect(error.message).toContain(`refused a redirect to ${elsewhere.url};`);
    expect(error.message).not.toMatch(/steal|token|limit=/);
    expect(elsewhere.seen).toHaveLength(0);
    expect(api.seen).toHaveLength(1);
  });

  it('fails a 307 on POST (never applied, never re-sent), and the body and key stay put', async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, 201, [{ id: 'x' }]));
    const api = await serve((_req, res) => void res.writeHead(307, { location: `${elsewhere.url}/v1/organizations/invites` }).end());
    const error = await failure(client(api.url).post('/v1/organizations/invites', { email: 'a@b.co' }));
    expect(error).toMatchObject({ kind: 'redirect', status: undefined });
    expect(elsewhere.seen).toHaveLength(0);
    expect(api.seen.map((request) => request.method)).toEqual(['POST']);
  });

  it('refuses a redirect to plain http or to the same origin by the same rule', async () => {
    const api = await serve((req, res) => void res.writeHead(301, { location: req.url.startsWith('/a') ? 'http://example.com:8080/x?k=1' : '/again' }).end());
    expect((await failure(client(api.url).get('/a'))).message).toContain('refused a redirect to http://example.com:8080;');
    expect((await failure(client(api.url).delete('/b'))).message).toContain(`refused a redirect to ${api.url};`);
    expect(api.seen).toHaveLength(2);
  });
});

describe('time is bounded, body included', () => {
  it.each([
    ['chunked', {}],
    ['with a declared length (read whole)', { 'content-length': '1000' }],
  ])('fails a server that sends headers then silence, within the per-request timeout (%s)', async (_name, length) => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...length });
      res.write('{"count":');
    });
    const error = await failure(client(api.url, { timeoutMs: 150, retry: { limit: 1, baseDelayMs: 1 } }).get('/x'));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/x: no complete answer within 150ms \(--timeout\)$/);
    expect(api.seen).toHaveLength(2);
  });

  it('stops a slow drip at the read deadline although every chunk arrives within the timeout', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(drip));
    });
    const deadline = new RunDeadline(60_000);
    const error = await failure(deadline.reading(300, () => client(api.url, { timeoutMs: 10_000, deadline }).get('/x')));
    expect(error).toMatchObject({ kind: 'deadline' });
    expect(error.message).toContain('stopped: the read deadline of 300ms (--read-deadline) passed');
  });

  it('stops at once when Retry-After asks for longer than the time left, naming the wait', async () => {
    const api = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '86400' }));
    const deadline = new RunDeadline(5_000);
    const started = performance.now();
    const error = await failure(client(api.url, { deadline, retry: { maxRetryAfterMs: 100_000_000 } }).post('/x', {}));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: 'deadline', status: 429, uncertain: false });
    expect(error.message).toMatch(/asked to wait 24h \(Retry-After\), longer than the \d+(\.\d)?s left before the run's deadline of 5s/);
  });

  it('stops a write at once, unsent, when pacing would wait past the run deadline', async () => {
    const api = await serve((_req, res) => sendJson(res, 201, {}));
    const paced = client(api.url, { deadline: new RunDeadline(2_000), budget: new RateBudget([{ requests: 1, perMs: 24 * 3_600_000 }]) });
    await paced.post('/x', {});
    const started = performance.now();
    const error = await failure(paced.post('/x', {}));
    expect(error).toMatchObject({ kind: 'deadline', uncertain: false });
    expect(error.message).toMatch(/not sent: pacing: .*longer than the \d+(\.\d)?s left before the run's deadline of 2s/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(api.seen).toHaveLength(1);
  });

  it('sends no write once the run deadline has passed', async () => {
    const api = await serve((_req, res) => sendJson(res, 201, {}));
    const deadline = new RunDeadline(1);
    await new Promise((done) => setTimeout(done, 10));
    const error = await failure(client(api.url, { deadline }).post('/x', {}));
    expect(error).toMatchObject({ kind: 'deadline', uncertain: false });
    expect(error.message).toContain('not sent');
    expect(api.seen).toHaveLength(0);
  });
});

describe('size is bounded while streaming', () => {
  it('bounds what a run reads in all, across answers each under the cap', async () => {
    const api = await serve((_req, res) => sendJson(res, 200, { pad: 'x'.repeat(600) }));
    const shared = new ReadAllowance(1_000);
    await client(api.url, { readAllowance: shared }).get('/a');
    const error = await failure(client(api.url, { readAllowance: shared }).get('/b'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('the most invitectl reads from the APIs in one run');
  });


  it('aborts an endless body as soon as it passes the cap, without retrying', async () => {
    let written = 0;
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && written < 600 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('error', () => undefined);
      pump();
    });
    const error = await failure(client(api.url, { maxResponseBytes: 1024 * 1024 }).get('/x'));
    expect(error).toMatchObject({ kind: 'too-large' });
    expect(error.message).toContain('larger than 1 MiB');
    expect(api.seen).toHaveLength(1);
    expect(written).toBeLessThan(100 * 1024 * 1024);
  });

  it('counts a declared Content-Length against the run allowance before reading the body', async () => {
    const text = JSON.stringify({ pad: 'x'.repeat(600) });
    const api = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text));
    const shared = new ReadAllowance(1_000);
    expect((await client(api.url, { readAllowance: shared }).get('/a')).body).toEqual({ pad: 'x'.repeat(600) });
    const error = await failure(client(api.url, { readAllowance: shared }).get('/b'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('the most invitectl reads from the APIs in one run');
  });

  it('reads a compressed answer by the chunk: a small gzip body that inflates past the cap is refused', async () => {
    const inflated = Buffer.alloc(4 * 1024 * 1024, 0x20);
    const compressed = gzipSync(inflated);
    const api = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(compressed.length) }).end(compressed));
    expect(compressed.length).toBeLessThan(1024 * 1024);
    const error = await failure(client(api.url, { maxResponseBytes: 1024 * 1024 }).get('/x'));
    expect(error).toMatchObject({ kind: 'too-large' });
    expect(error.message).toContain('larger than 1 MiB');
  });

  it('refuses a declared Content-Length over the cap before reading it', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) });
      res.write('{');
    });
    expect(await failure(client(api.url).get('/x'))).toMatchObject({ kind: 'too-large' });
  });
});

describe("the caller's signal", () => {
  it('stops a request in flight at once, not at the attempt timeout', async () => {
    const api = await serve(() => undefined);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(client(api.url, { signal: controller.signal, timeoutMs: 10_000 }).post('/x', {}));
    expect(error).toMatchObject({ kind: 'aborted', uncertain: true });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(api.seen).toHaveLength(1);
  });
});

describe('Retry-After and "later"', () => {
  it('waits out eight 429s on a POST without spending the retry budget, but fails eight 500s on a GET', async () => {
    const api = await serve((req, res, n) => (req.method === 'POST' ? (n <= 8 ? sendJson(res, 429, {}, { 'retry-after': n % 2 ? '0' : '0.01' }) : sendJson(res, 201, [{ id: 1 }])) : sendJson(res, 500, {})));
    const http = client(api.url, { retry: { limit: 5, baseDelayMs: 1, maxDelayMs: 5 } });
    expect((await http.post('/invites', [])).status).toBe(201);
    expect(api.seen).toHaveLength(9);
    expect(await failure(http.get('/invites'))).toMatchObject({ kind: 'status', status: 500 });
    expect(api.seen.filter((request) => request.method === 'GET')).toHaveLength(6);
  });

  it('clamps a negative or garbage Retry-After without a Node warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const api = await serve((_req, res, n) => (n <= 2 ? sendJson(res, 429, {}, { 'retry-after': n === 1 ? '-5' : 'soon' }) : sendJson(res, 200, {})));
      expect((await client(api.url).get('/x')).status).toBe(200);
      await new Promise((done) => setImmediate(done));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});

describe('connection errors', () => {
  it('name the origin and path, never the query', async () => {
    const api = await serve(() => undefined);
    await api.close();
    const error = await failure(client(api.url, { retry: { limit: 0 } }).get('/v1/users', { email: 'a@b.co' }));
    expect(error.message).toMatch(new RegExp(`^GET ${api.url}/v1/users: could not connect to ${api.url}: ECONNREFUSED`));
    expect(error.message).not.toContain('a@b.co');
  });
});
