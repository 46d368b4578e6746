// The emulator server's HTTP edge: bounded body reads, request parsing, log redaction, JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/** Request bodies larger than this get 413; invite payloads are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body as UTF-8, or undefined once it passes MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Builds what the API sees; a body that is not JSON becomes undefined, keeping rawBody. */
export function toEmulatorRequest(req: IncomingMessage, origin: string, rawBody: string): EmulatorRequest {
  const target = req.url ?? '/';
  // Origin-form targets keep their exact path (even "//x"); absolute-form ones keep only path and query.
  const url = target.startsWith('/') ? new URL(origin + target) : new URL(pathAndQuery(target), origin);
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
  }
  return { method: (req.method ?? 'GET').toUpperCase(), url, headers: req.headers, body, rawBody };
}

function pathAndQuery(target: string): string {
  try {
    const parsed = new URL(target);
    return parsed.pathname + parsed.search;
  } catch {
    return '/';
  }
}

/** pathname + search for the log, with a query value equal to the credential replaced. */
export function redactPath(url: URL, credential: string | undefined): string {
  if (credential === undefined || ![...url.searchParams.values()].includes(credential)) return url.pathname + url.search;
  const params = new URLSearchParams();
  for (const [name, value] of url.searchParams) params.append(name, value === credential ? 'REDACTED' : value);
  return `${url.pathname}?${params.toString()}`;
}

/** A copy of the body for the log, with every string equal to the credential replaced. */
export function redactBody(body: unknown, credential: string | undefined): unknown {
  if (body === null || body === undefined) return body;
  if (typeof body === 'string') return credential !== undefined && body === credential ? 'REDACTED' : body;
  if (Array.isArray(body)) return body.map((item) => redactBody(item, credential));
  if (typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([name, value]) => [name, redactBody(value, credential)]));
  }
  return body;
}

/** Adds `retry-after` unless the API already set it. */
export function withRetryAfter(response: EmulatorResponse, seconds: number): EmulatorResponse {
  const headers = response.headers ?? {};
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after')) return response;
  return { ...response, headers: { ...headers, 'retry-after': String(seconds) } };
}

/** Writes an EmulatorResponse: JSON when there is a body, nothing otherwise. */
export function send(res: ServerResponse, response: EmulatorResponse, closeConnection = false): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  if (closeConnection) headers.connection = 'close';
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = response.text ?? JSON.stringify(response.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers).end(text);
}
