import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { ReadOnlyError } from './errors.ts';
import type { RateBudget } from './rate-budget.ts';
import { redact } from './redact.ts';
import { VERSION } from './version.ts';

/** How hard to retry; ky is the one retry owner, this only tunes it. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** Backoff starts here and doubles per retry, with full jitter … */
  baseDelayMs: number;
  /** … up to this. */
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 5, baseDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

export interface HttpClientOptions {
  /** API origin, e.g. `https://us.posthog.com`. */
  baseUrl: string;
  /** Auth and API-version headers; never logged. */
  headers: Record<string, string>;
  /** Refuse every method but GET before it leaves the process (plan, validate, import). */
  readOnly: boolean;
  /** The credential's shared budget: pacing and 429 pauses. */
  budget: RateBudget;
  /** Per attempt, until the response headers arrive. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Runs each request (retries included) when the credential has room: bounds requests in flight. */
  gate?: Gate;
}

/** Schedules a request; the applier's per-credential concurrency limit. */
export type Gate = <T>(task: () => Promise<T>) => Promise<T>;

/** A successful response with its JSON body (undefined when empty). */
export interface HttpResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export type HttpFailure = 'status' | 'network' | 'timeout' | 'invalid-json' | 'aborted';

/** A request that did not succeed, after retries. Carries no header values, so no key. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly kind: HttpFailure;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly body: unknown;
  readonly headers: Headers | undefined;
  /** The server may have acted although we saw no success: a write must be checked, never replayed. */
  readonly uncertain: boolean;

  constructor(init: { kind: HttpFailure; method: string; path: string; message: string; uncertain: boolean; status?: number; body?: unknown; headers?: Headers }) {
    super(redact(init.message));
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.body = init.body;
    this.headers = init.headers;
    this.uncertain = init.uncertain;
  }
}

/** The calls the providers (get, post, delete) and the GitHub comment (get, post, patch) make. */
export interface HttpClient {
  get(path: string, query?: Readonly<Record<string, string | number>>): Promise<HttpResponse>;
  post(path: string, json: unknown): Promise<HttpResponse>;
  delete(path: string): Promise<HttpResponse>;
  /** Replaces fields with the same values however often it is sent, so it is retried like GET. */
  patch(path: string, json: unknown): Promise<HttpResponse>;
}

/** Network failures in which the request never reached the server, so even a POST may be re-sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** Statuses after which an idempotent request is retried (529: Anthropic overloaded). */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504, 529];

/** The one ky instance factory: base URL, headers, timeouts, retries, rate budget, read-only guard. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const base: Options = {
    prefixUrl: options.baseUrl,
    headers: { ...options.headers, 'user-agent': `invitectl/${VERSION}`, accept: 'application/json' },
    timeout: options.timeoutMs ?? 30_000,
    throwHttpErrors: true,
    ...(options.signal ? { signal: options.signal } : {}),
    hooks: {
      beforeRequest: [async () => options.budget.acquire(options.signal)],
      afterResponse: [
        (_request, _options, response) => {
          if (response.status === 429) options.budget.pauseFor(Math.min(retryAfterMs(response.headers) ?? 1000, policy.maxRetryAfterMs));
        },
      ],
    },
  };
  const backoff = { limit: policy.limit, delay: (attempt: number) => policy.baseDelayMs * 2 ** (attempt - 1), backoffLimit: policy.maxDelayMs, jitter: true, maxRetryAfter: policy.maxRetryAfterMs };
  const idempotent = ky.create({
    ...base,
    retry: { ...backoff, methods: ['get', 'delete', 'patch'], statusCodes: RETRY_STATUSES, afterStatusCodes: [429, 503, 529], retryOnTimeout: true },
  });
  // A create is retried only when the server certainly did not act: 429, or a request never sent.
  const create = ky.create({
    ...base,
    retry: {
      ...backoff,
      methods: ['post'],
      statusCodes: [429],
      afterStatusCodes: [429],
      shouldRetry: ({ error }) => (error instanceof HTTPError ? undefined : notSent(error)),
    },
  });

  const send = async (method: 'get' | 'post' | 'delete' | 'patch', instance: KyInstance, path: string, extra: Options): Promise<HttpResponse> => {
    if (options.readOnly && method !== 'get') throw new ReadOnlyError(`refusing ${method.toUpperCase()} ${path}: this command only reads`);
    const url = relative(path);
    const attempt = async (): Promise<HttpResponse> => {
      try {
        const response = await instance(url, { method, ...extra });
        return { status: response.status, body: await parseBody(response, method, path), headers: response.headers };
      } catch (error) {
        throw error instanceof HttpError ? error : await toHttpError(error, method.toUpperCase(), path);
      }
    };
    return options.gate ? options.gate(attempt) : attempt();
  };

  return {
    get: (path, query) => send('get', idempotent, path, query ? { searchParams: stringify(query) } : {}),
    post: (path, json) => send('post', create, path, { json }),
    delete: (path) => send('delete', idempotent, path, {}),
    patch: (path, json) => send('patch', idempotent, path, { json }),
  };
}

async function parseBody(response: Response, method: string, path: string): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError({ kind: 'invalid-json', method: method.toUpperCase(), path, status: response.status, headers: response.headers, uncertain: method !== 'get', message: `${method.toUpperCase()} ${path}: the response was not JSON` });
  }
}

async function toHttpError(error: unknown, method: string, path: string): Promise<HttpError> {
  const write = method !== 'GET';
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const text = await error.response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the text for the message.
    }
    const uncertain = write && (status >= 500 || status === 408);
    return new HttpError({ kind: 'status', method, path, status, body, headers: error.response.headers, uncertain, message: `${method} ${path}: HTTP ${status}` });
  }
  if (error instanceof TimeoutError) return new HttpError({ kind: 'timeout', method, path, uncertain: write, message: `${method} ${path}: timed out` });
  if (error instanceof Error && error.name === 'AbortError') return new HttpError({ kind: 'aborted', method, path, uncertain: write, message: `${method} ${path}: cancelled` });
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const detail = [error instanceof Error ? error.message : String(error), code ?? cause?.message].filter(Boolean).join(': ');
  return new HttpError({ kind: 'network', method, path, uncertain: write && !notSent(error), message: `${method} ${path}: ${detail}` });
}

function notSent(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Seconds or an HTTP date, as RFC 9110 allows. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function relative(path: string): string {
  // ky's prefixUrl wants paths without a leading slash.
  return path.replace(/^\/+/, '');
}

function stringify(query: Readonly<Record<string, string | number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));
}
