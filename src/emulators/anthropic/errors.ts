// Anthropic emulator: the API's error envelope and the server's injected failures.
import type { EmulatorResponse, InjectedStatus } from '../types.ts';

/** `error.type` values the emulator sends (reference §7.2). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** Machine codes in `error.details.error_code`; the SDK picks its typed error class from them (§12). */
export type AnthropicErrorCode = 'invite_already_exists' | 'already_member' | 'api_key_scope_missing' | 'email_domain_not_allowed' | 'concurrent_membership_change' | 'cannot_remove_last_member';

/** The 409 the SDK declares on `users.remove` (§12, §14.5): nothing was changed; retry once the other change completes. */
export function concurrentChange(): AnthropicApiError {
  return new AnthropicApiError(409, 'conflict_error', "Another change to the organization's members is in progress. Retry the request once it completes.", 'concurrent_membership_change');
}

/** The not-found message from the API's errors page (reference §7.1). */
export const NOT_FOUND_MESSAGE = 'The requested resource could not be found.';

/**
 * A request the API refuses. Route handlers throw it; the emulator turns it into the error
 * envelope, so deep validation need not thread results back up.
 */
export class AnthropicApiError extends Error {
  readonly status: number;
  readonly type: AnthropicErrorType;
  readonly errorCode: AnthropicErrorCode | undefined;

  constructor(status: number, type: AnthropicErrorType, message: string, errorCode?: AnthropicErrorCode) {
    super(message);
    this.name = 'AnthropicApiError';
    this.status = status;
    this.type = type;
    this.errorCode = errorCode;
  }
}

/** A 400 `invalid_request_error`, the API's answer to most bad requests. */
export function invalidRequest(message: string, errorCode?: AnthropicErrorCode): AnthropicApiError {
  return new AnthropicApiError(400, 'invalid_request_error', message, errorCode);
}

/** `'a', 'b' or 'c'`, as the API's validation messages list allowed values. */
export function quotedList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 2 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** A 404 `not_found_error` with the API's own wording. */
export function notFound(): AnthropicApiError {
  return new AnthropicApiError(404, 'not_found_error', NOT_FOUND_MESSAGE);
}

/**
 * The error envelope `{type:"error", error:{type, message, details?}, request_id}`, with the
 * same id in the `request-id` header and the body.
 */
export function errorResponse(error: AnthropicApiError, requestId: string, headers: Record<string, string> = {}): EmulatorResponse {
  const details = error.errorCode === undefined ? {} : { details: { error_code: error.errorCode } };
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'request-id': requestId, ...headers },
    body: {
      type: 'error',
      error: { type: error.type, message: error.message, ...details },
      request_id: requestId,
    },
  };
}

const INJECTED: Record<InjectedStatus, { type: AnthropicErrorType; message: string }> = {
  429: { type: 'rate_limit_error', message: 'Rate limited' },
  500: { type: 'api_error', message: 'Internal server error' },
  // The errors page lists no 503; `api_error` is its catch-all for server faults.
  503: { type: 'api_error', message: 'Service unavailable' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

/**
 * The envelope for a failure the server injects. A 429 always carries `retry-after` (default
 * 1 s); other statuses carry it only when `retryAfterSeconds` is given.
 */
export function injectedFailure(status: InjectedStatus, requestId: string, retryAfterSeconds?: number): EmulatorResponse {
  const { type, message } = INJECTED[status];
  const seconds = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  const headers: Record<string, string> =
    seconds === undefined ? {} : { 'retry-after': String(Math.max(0, Math.ceil(seconds))) };
  return errorResponse(new AnthropicApiError(status, type, message), requestId, headers);
}
