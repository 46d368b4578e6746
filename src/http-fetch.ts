// One HTTP attempt with bounded time (body included) and size, refusing every redirect: the fetch that ky calls.
import { formatDuration } from './deadline.ts';
import type { HttpError, HttpFailure } from './http.ts';

/** Largest API answer read: real pages of 1,000 invites are under 1 MB. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Statuses whose Response must have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface AttemptLimits {
  /** The only origin a request may go to. */
  origin: string;
  timeoutMs: number;
  maxBytes: number;
  /** Returns an error when the request must not be sent at all (a write past the deadline). */
  refuse?: () => HttpError | undefined;
  /** Builds the error for a failure of this attempt; `message` follows "METHOD origin/path: ". */
  fail: (kind: HttpFailure, message: string) => HttpError;
}

/**
 * Sends one request and reads its whole answer within `timeoutMs`, aborting as soon as the body
 * exceeds `maxBytes`. A 3xx is a failure naming only the Location's origin: following it could
 * carry the key to another origin or to plain http.
 */
export async function fetchBounded(input: string | URL | Request, init: RequestInit | undefined, limits: AttemptLimits): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const refusal = limits.refuse?.();
  if (refusal) throw refusal;
  if (new URL(request.url).origin !== limits.origin) throw limits.fail('redirect', `refusing to send to ${new URL(request.url).origin}, which is not the configured origin`);
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(new Error('timeout')), limits.timeoutMs);
  try {
    const response = await fetch(request, { ...init, redirect: 'manual', signal: AbortSignal.any([request.signal, timer.signal]) });
    if (response.status >= 300 && response.status < 400) {
      void response.body?.cancel().catch(() => undefined);
      throw limits.fail('redirect', `HTTP ${response.status}: refused a redirect to ${locationOrigin(response.headers.get('location'), request.url)}; invitectl never follows redirects (check the host or base_url)`);
    }
    const bytes = await readCapped(response, limits);
    return new Response(NULL_BODY.has(response.status) ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (timer.signal.aborted && !request.signal.aborted) throw limits.fail('timeout', `no complete answer within ${formatDuration(limits.timeoutMs)} (--timeout)`);
    throw error;
  } finally {
    clearTimeout(timeout);
  }
}

/** The body, read chunk by chunk; stops reading (and drops the connection) once it passes the cap. */
async function readCapped(response: Response, limits: AttemptLimits): Promise<Uint8Array> {
  const tooLarge = () => limits.fail('too-large', `the answer is larger than ${formatBytes(limits.maxBytes)}, the most invitectl reads from one response`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The origin a Location points to (relative: the request's own); never its path or query. */
function locationOrigin(location: string | null, base: string): string {
  if (!location) return 'nowhere (no Location header)';
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : `a ${url.protocol} URL`;
  } catch {
    return 'an unreadable Location';
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}
