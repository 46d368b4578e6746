// A loopback HTTP server whose every answer a test scripts: the hostile or broken API of the reliability suites.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it, body included, for assertions on what reached it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers request number `n` (1-based, counting every request this server saw). */
export type HostileHandler = (request: SeenRequest, response: ServerResponse, n: number) => void | Promise<void>;

/** A running hostile server: its origin, what it saw, and how to stop it (connections included). */
export interface HostileServer {
  url: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Bodies a hostile server will read from a client; more than this is a test bug, not a client's. */
const MAX_REQUEST_BODY = 1024 * 1024;

/** Starts a server on 127.0.0.1:0 that answers with `handler`; `close()` ends it and every open connection. */
export async function startHostileServer(handler: HostileHandler): Promise<HostileServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      const entry: SeenRequest = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      Promise.resolve(handler(entry, response, seen.length)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Writes a JSON answer with `status` and extra headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * A `serve(handler)` for one test file: every server it starts is closed after each test.
 * Call it at the top level of the file (it registers the `afterEach`).
 */
export function hostileServers(afterEach: (hook: () => Promise<void>) => void): (handler: HostileHandler) => Promise<HostileServer> {
  const started: HostileServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
  });
  return async (handler) => {
    const server = await startHostileServer(handler);
    started.push(server);
    return server;
  };
}
