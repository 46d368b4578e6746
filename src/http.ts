// The one HTTP client factory (ky): retries, deadlines, size caps, no redirects, the read-only guard, rate budgets.
import ky, { HTTPError, type Options } from 'ky';
import { DEFAULT_LIMITS, formatDuration, RunDeadline, type Deadline } from './deadline.ts';
import { ReadOnlyError } from './errors.ts';
import { fetchBounded, MAX_RESPONSE_BYTES, ReadAllowance } from './http-fetch.ts';
import type { RateBudget } from './rate-budget.ts';
import { redact } from './redact.ts';
import { VERSION } from './version.ts';

export { MAX_RESPONSE_BYTES } from './http-fetch.ts';

/** How hard to retry; ky is the one retry owner, this only tunes it. */
export interface RetryPolicy {
  /** Retries after real failures (5xx, timeouts, network); a 429 "later" never spends one. */
  limit: number;
  /** Backoff starts here and doubles per retry, with full jitter … */
  baseDelayMs: number;
  /** … up to this. */
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this; the deadline is the real bound. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 5, baseDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 3_600_000 };

/** "Later" answers (429, or 503/529 with Retry-After) waited out per request before giving up, deadline aside. */
const LATER_LIMIT = 1000;

export interface HttpClientOptions {
  /** API origin, e.g. `https://api.example.com`. */
  baseUrl: string;
  /** Auth and API-version headers; never logged, never sent to another origin. */
  headers: Record<string, string>;
  /** Refuse every method but GET before it leaves the process (plan, validate, import). */
  readOnly: boolean;
  /** The credential's shared budget: pacing and 429 pauses. */
  budget: RateBudget;
  /** Per attempt, from sending to the answer's last byte. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** The run's deadline: reads stop when it passes, writes are no longer sent. */
  deadline?: Deadline;
  /** Largest answer read, checked while streaming. */
  maxResponseBytes?: number;
  /** The run's total for reads, shared by every client of the run (default: this client's own). */
  readAllowance?: ReadAllowance;
  /** Runs each request (retries included) when the credential has room: bounds requests in flight. */
  gate?: Gate;
}

/** Schedules a request; the per-credential concurrency limit. */
export type Gate = <T>(task: () => Promise<T>) => Promise<T>;

/** A successful response with its JSON body (undefined when empty). */
export interface HttpResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export type HttpFailure = 'status' | 'network' | 'timeout' | 'invalid-json' | 'aborted' | 'redirect' | 'too-large' | 'deadline';

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

/** Statuses after which an idempotent request is retried (529: an API's "overloaded"). */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504, 529]);

type Method = 'get' | 'post' | 'delete' | 'patch';

/**
 * The one ky factory: base URL, headers, bounded time and size, retries, rate budget, read-only
 * guard. Redirects are never followed, so the key never leaves the configured origin.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const prefixUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const origin = new URL(prefixUrl).origin;
  const deadline = options.deadline ?? new RunDeadline(DEFAULT_LIMITS.deadlineMs);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const allowance = options.readAllowance ?? new ReadAllowance();
  const instance = ky.create({
    prefixUrl,
    headers: { ...options.headers, 'user-agent': `invitectl/${VERSION}`, accept: 'application/json' },
    // Time is bounded per attempt in fetchBounded, body included; ky's own timeout stops at the headers.
    timeout: false,
    redirect: 'manual',
    throwHttpErrors: true,
  });

  const send = async (method: Method, path: string, extra: Options): Promise<HttpResponse> => {
    const METHOD = method.toUpperCase();
    if (options.readOnly && method !== 'get') throw new ReadOnlyError(`refusing ${METHOD} ${path}: this command only reads`);
    const target = new URL(relative(path), prefixUrl);
    // Messages name the origin and path, never the query (it may hold a cursor or an email).
    const where = `${METHOD} ${target.origin}${target.pathname}`;
    const reading = method === 'get';
    const idempotent = method !== 'post';
    const fail = (kind: HttpFailure, message: string, uncertain: boolean, status?: number): HttpError =>
      new HttpError({ kind, method: METHOD, path, message, uncertain, ...(status === undefined ? {} : { status }) });
    const deadlineError = (): HttpError => fail('deadline', `${where}: stopped: ${deadline.describe()} passed`, false);
    // A write refused before it left: certainly not acted on, and apply may be run again to send it.
    const unsent = (why: string): HttpError => fail('deadline', `${where}: not sent: ${why}`, false);

    const attempt = async (): Promise<HttpResponse> => {
      // Reads stop at the deadline; a write in flight finishes (its outcome must be known), none starts after it.
      const signals = [options.signal, reading ? deadline.signal : undefined].filter((signal): signal is AbortSignal => signal !== undefined);
      const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
      let failures = 0;
      let laters = 0;
      /** Whether any attempt reached fetch: a write that never did was certainly not acted on. */
      let sent = false;
      let nextDelayMs = 0;
      const realFailure = (): boolean => {
        failures += 1;
        nextDelayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
        return failures <= policy.limit;
      };
      const later = (status: number, asked: number | undefined): boolean => {
        laters += 1;
        const wait = Math.min(Math.max(asked ?? policy.baseDelayMs * 2 ** Math.min(laters - 1, 10), policy.baseDelayMs), policy.maxRetryAfterMs);
        const left = deadline.remainingMs();
        if (wait > left) {
          const ask = asked === undefined ? `asked to retry later (waiting ${formatDuration(wait)})` : `asked to wait ${formatDuration(asked)} (Retry-After)`;
          throw fail('deadline', `${where}: HTTP ${status}: the server ${ask}, longer than the ${formatDuration(left)} left before ${deadline.describe()} passes`, false, status);
        }
        // "Later" pauses every request on this key (the budget waits); it spends no retry.
        options.budget.pauseFor(wait);
        nextDelayMs = 0;
        return laters <= LATER_LIMIT;
      };
      const shouldRetry = ({ error }: { error: Error }): boolean => {
        if (signal?.aborted) return false;
        if (error instanceof HttpError) return error.kind === 'timeout' && idempotent && realFailure();
        if (error instanceof HTTPError) {
          const status = error.response.status;
          // An API's own x-should-retry overrides the status rules; "true" never replays a write the server may have acted on.
          const told = error.response.headers.get('x-should-retry')?.trim().toLowerCase();
          if (told === 'false') return false;
          const asked = retryAfterMs(error.response.headers);
          if (status === 429 || (idempotent && (status === 503 || status === 529) && asked !== undefined)) return later(status, asked);
          if (told === 'true' && (idempotent || (status < 500 && status !== 408))) return realFailure();
          return idempotent && RETRY_STATUSES.has(status) && realFailure();
        }
        return (idempotent || notSent(error)) && realFailure();
      };
      try {
        const response = await instance(relative(path), {
          method,
          ...extra,
          ...(signal ? { signal } : {}),
          hooks: {
            beforeRequest: [
              async () => {
                // Pacing never outlasts the run: a wait longer than the time left stops at once, unsent.
                const pacing = options.budget.waitingUntil();
                const left = deadline.remainingMs();
                if (pacing && pacing.waitMs > left) throw unsent(`${pacing.message}, longer than the ${formatDuration(left)} left before ${deadline.describe()} passes`);
                await options.budget.acquire(signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
              },
            ],
          },
          retry: { limit: policy.limit + LATER_LIMIT, methods: ['get', 'post', 'delete', 'patch'], shouldRetry, delay: () => nextDelayMs, jitter: true, backoffLimit: policy.maxDelayMs },
          fetch: (input, init) => {
            sent = true;
            return fetchBounded(input, init, {
              origin,
              timeoutMs,
              maxBytes,
              ...(reading ? { allowance } : {}),
              // Past the deadline a write is not sent at all: certainly not acted on.
              ...(reading ? {} : { refuse: () => (deadline.remainingMs() <= 0 ? unsent(`${deadline.describe()} passed; run apply again to continue`) : undefined) }),
              fail: (kind, message) => fail(kind, `${where}: ${message}`, kind === 'redirect' ? false : !reading),
            });
          },
        });
        return { status: response.status, body: await parseBody(response, METHOD, path), headers: response.headers };
      } catch (error) {
        if (error instanceof HttpError) throw error;
        if (reading && deadline.signal.aborted) throw deadlineError();
        if (!reading && deadline.signal.aborted && !sent) throw unsent(`${deadline.describe()} passed while waiting for the rate limit; run apply again to continue`);
        if (options.signal?.aborted) throw fail('aborted', `${where}: cancelled`, !reading);
        throw await toHttpError(error, METHOD, path, where);
      }
    };
    return options.gate ? options.gate(attempt) : attempt();
  };

  return {
    get: (path, query) => send('get', path, query ? { searchParams: stringify(query) } : {}),
    post: (path, json) => send('post', path, { json }),
    delete: (path) => send('delete', path, {}),
    patch: (path, json) => send('patch', path, { json }),
  };
}

async function parseBody(response: Response, method: string, path: string): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError({ kind: 'invalid-json', method, path, status: response.status, headers: response.headers, uncertain: method !== 'GET', message: `${method} ${path}: the response was not JSON` });
  }
}

async function toHttpError(error: unknown, method: string, path: string, where: string): Promise<HttpError> {
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
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  // undici says "fetch failed"; its cause says what: "connect ECONNREFUSED 127.0.0.1:443".
  const detail = cause?.message || (code ? `connect ${code}` : error instanceof Error ? error.message : String(error));
  return new HttpError({ kind: 'network', method, path, uncertain: write && !notSent(error), message: `${where}: ${detail}` });
}

function notSent(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Seconds or an HTTP date, as RFC 9110 allows; a negative, garbage or absent value is undefined. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d{1,12}(\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (/^\d+$/.test(value)) return Number.MAX_SAFE_INTEGER;
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
