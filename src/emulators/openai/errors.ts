// OpenAI emulator: the error envelope `{error:{message,type,param,code}}` and the server's injected failures.
import { randomBytes } from 'node:crypto';
import type { EmulatorResponse, InjectedStatus } from '../types.ts';

/**
 * A request the API refuses. Handlers throw it; the emulator turns it into the envelope of
 * reference §7.1 (all four keys always present, `param` and `code` nullable).
 */
export class OpenAIApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;

  constructor(status: number, message: string, options: { type?: string; param?: string | null; code?: string | null } = {}) {
    super(message);
    this.name = 'OpenAIApiError';
    this.status = status;
    this.type = options.type ?? 'invalid_request_error';
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }
}

/** A 400 `invalid_request_error` (the status and type are the reference's likely answer, a choice). */
export function invalidRequest(message: string, param: string | null = null): OpenAIApiError {
  return new OpenAIApiError(400, message, { param });
}

/** A 404 for unknown paths and unknown or deleted ids. */
export function notFound(what: string): OpenAIApiError {
  return new OpenAIApiError(404, `No such ${what}.`);
}

/** A fresh `x-request-id` value, `req_` and 32 hex digits. */
export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** The envelope with `x-request-id` (sent on every response, reference §9). */
export function errorResponse(error: OpenAIApiError, requestId: string, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status: error.status,
    headers: { 'x-request-id': requestId, ...headers },
    body: { error: { message: error.message, type: error.type, param: error.param, code: error.code } },
  };
}

/* The type/code of injected failures are UNCONFIRMED for admin endpoints (§7.1, §8): these are the emulator's choice. */
const INJECTED: Record<InjectedStatus, { message: string; type: string; code: string | null }> = {
  429: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  503: { message: 'The server is overloaded or not ready yet.', type: 'server_error', code: null },
  529: { message: 'The server is overloaded.', type: 'server_error', code: null },
};

/**
 * The envelope for a failure the server injects; a 429 always carries `retry-after` (default 1 s),
 * and `shouldRetry`, when set, adds `x-should-retry` (which the SDK obeys, §7.3).
 */
export function injectedFailure(status: InjectedStatus, retryAfterSeconds: number | undefined, shouldRetry: boolean | undefined): EmulatorResponse {
  const { message, type, code } = INJECTED[status];
  const seconds = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  const headers: Record<string, string> = {
    ...(seconds !== undefined && { 'retry-after': String(Math.max(0, Math.ceil(seconds))) }),
    ...(shouldRetry !== undefined && { 'x-should-retry': String(shouldRetry) }),
  };
  return errorResponse(new OpenAIApiError(status, message, { type, code }), newRequestId(), headers);
}
