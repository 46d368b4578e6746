// One HTTP attempt with bounded time (body included) and size, refusing every redirect: the fetch that ky calls.
import { formatDuration } from './deadline.ts';
import type { HttpError, HttpFailure } from './http.ts';

/** Largest API answer read: real pages of 1,000 invites are under 1 MB. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Everything one run may read from the APIs, all answers together: a hostile API could otherwise
 * fill memory with many answers under the per-answer cap (1,000 pages of 32 MiB). 100,000 invites
 * are about 100 MB a read, so this leaves room for apply's confirming re-reads.
 */
export const MAX_RUN_READ_BYTES = 2 * 1024 * 1024 * 1024;

/** The bytes a run may still read, shared by every client of the run. */
export class ReadAllowance {
  #left: number;
  readonly #limit: number;
  constructor(limit: number = MAX_RUN_READ_BYTES) {
    this.#left = limit;
    this.#limit = limit;
  }

  /** Counts `bytes` read; false once the run has read more than its limit. */
  take(bytes: number): boolean {
    this.#left -= bytes;
    return this.#left >= 0;
  }

  describe(): string {
    return `${formatBytes(this.#limit)}, the most invitectl reads from the APIs in one run`;
  }
}

/** Statuses whose Response must have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface AttemptLimits {
  /** The only origin a request may go to. */
  origin: string;
  timeoutMs: number;
  maxBytes: number;
  /** The run's shared allowance, for reads. */
  allowance?: ReadAllowance;
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
  // One signal for fetch: the attempt's timer, which the request's own signal (ky's, the caller's) also aborts.
  // AbortSignal.any would do the same but costs a weak reference and a registry entry per request.
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(new Error('timeout')), limits.timeoutMs);
  const forward = (): void => timer.abort(request.signal.reason);
  if (request.signal.aborted) forward();
  else request.signal.addEventListener('abort', forward, { once: true });
  try {
    const response = await fetch(request, { ...init, redirect: 'manual', signal: timer.signal });
    if (response.status >= 300 && response.status < 400) {
      void response.body?.cancel().catch(() => undefined);
      throw limits.fail('redirect', `HTTP ${response.status}: refused a redirect to ${locationOrigin(response.headers.get('location'), request.url)}; invitectl never follows redirects (check the host or base_url)`);
    }
    const bytes = await readCapped(response, limits);
    return new Response(NULL_BODY.has(response.status) ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (timer.signal.aborted && !request.signal.aborted) throw limits.fail('timeout', `no complete answer within ${formatDuration(limits.timeoutMs)} (--timeout)`);
    throw connectionFailure(error, limits.origin);
  } finally {
    clearTimeout(timeout);
    request.signal.removeEventListener('abort', forward);
  }
}

/** Failures before the request reached the server, in a user's words. */
const CONNECT_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up now',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate is not trusted",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate is not trusted",
};

/** Failures of a connection that was open. */
const DROPPED: Readonly<Record<string, string>> = {
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_SOCKET: 'the server closed the connection',
};

/**
 * fetch says only "fetch failed"; its cause holds the code. The message names the origin and the
 * code in plain words (never a header, so never the key); the cause keeps the code, by which the
 * HTTP client decides whether a write may be re-sent.
 */
function connectionFailure(error: unknown, origin: string): unknown {
  const cause = error instanceof TypeError && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException) : undefined;
  if (!cause) return error;
  const code = cause.code ?? (cause.message === 'bad port' ? 'bad port' : undefined);
  const message =
    code === 'bad port'
      ? `could not connect to ${origin}: fetch never connects to port ${new URL(origin).port} (a blocked port); use another`
      : code !== undefined && code in CONNECT_FAILURES
        ? `could not connect to ${origin}: ${code} (${CONNECT_FAILURES[code]})`
        : `the connection to ${origin} failed: ${code ?? cause.message}${code !== undefined && code in DROPPED ? ` (${DROPPED[code]})` : ''}`;
  return new TypeError(error instanceof Error ? error.message : 'fetch failed', { cause: Object.assign(new Error(message), code === undefined ? {} : { code }) });
}

/**
 * The body within the caps: read whole when its length is declared (and it is not compressed), else
 * chunk by chunk, dropping the connection once it passes the answer's cap or the run's allowance.
 */
async function readCapped(response: Response, limits: AttemptLimits): Promise<Uint8Array> {
  const tooLarge = () => limits.fail('too-large', `the answer is larger than ${formatBytes(limits.maxBytes)}, the most invitectl reads from one response`);
  const overAllowance = (allowance: ReadAllowance) => limits.fail('too-large', `the answers so far add up to more than ${allowance.describe()}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  // A declared length under the cap, not compressed: fetch delivers exactly that many bytes or fails, so
  // the body is read whole. A compressed body may inflate far past its declared length: read by the chunk.
  const encoding = response.headers.get('content-encoding')?.trim().toLowerCase();
  if (response.headers.has('content-length') && Number.isFinite(declared) && (!encoding || encoding === 'identity')) {
    if (limits.allowance && !limits.allowance.take(declared)) {
      void response.body.cancel().catch(() => undefined);
      throw overAllowance(limits.allowance);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
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
    if (limits.allowance && !limits.allowance.take(value.byteLength)) {
      void reader.cancel().catch(() => undefined);
      throw overAllowance(limits.allowance);
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
