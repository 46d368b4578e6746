import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadOnlyError } from '../src/errors.ts';
import { createHttpClient } from '../src/http.ts';
import { RateBudget } from '../src/rate-budget.ts';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** A loopback server answering attempt n with script(n); returns its URL and what it was sent. */
async function serve(script: (response: ServerResponse, attempt: number) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, body });
      script(response, seen.length);
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(url: string, readOnly = false) {
  return createHttpClient({
    baseUrl: url,
    headers: {},
    readOnly,
    budget: new RateBudget(),
    timeoutMs: 500,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 },
  });
}

describe('http client PATCH', () => {
  it('sends the JSON body and returns the parsed response', async () => {
    const { url, seen } = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7}'));
    const response = await client(url).patch('/comments/7', { body: 'hello' });
    expect(response).toMatchObject({ status: 200, body: { id: 7 } });
    expect(seen).toEqual([{ method: 'PATCH', url: '/comments/7', body: '{"body":"hello"}' }]);
  });

  it('is retried after a 502, like GET: sending the same fields twice changes nothing', async () => {
    const { url, seen } = await serve((res, attempt) => res.writeHead(attempt === 1 ? 502 : 200, { 'content-type': 'application/json' }).end('{}'));
    expect((await client(url).patch('/comments/7', { body: 'x' })).status).toBe(200);
    expect(seen.map((request) => request.method)).toEqual(['PATCH', 'PATCH']);
  });

  it('is refused in read-only mode before anything is sent', async () => {
    const { url, seen } = await serve((res) => res.end('{}'));
    await expect(client(url, true).patch('/comments/7', {})).rejects.toBeInstanceOf(ReadOnlyError);
    expect(seen).toHaveLength(0);
  });
});
