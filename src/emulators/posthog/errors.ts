// PostHog emulator: drf-exceptions-hog error bodies and the server's injected failures.
import type { EmulatorResponse, InjectedStatus } from '../types.ts';

/** drf-exceptions-hog's error types (api/posthog.md §6.1). */
export type ErrorType = 'validation_error' | 'authentication_error' | 'invalid_request' | 'throttled_error' | 'server_error';

/** The one error body PostHog sends: a single error, never a list. */
export interface ErrorEnvelope {
  type: ErrorType;
  code: string;
  detail: string;
  attr: string | null;
}

/**
 * A PostHog error on its way to the client. Handlers throw it so that the permission chain
 * and validation can stop at the first failure, the way DRF does.
 */
export class PostHogError extends Error {
  readonly status: number;
  readonly envelope: ErrorEnvelope;
  readonly headers: Record<string, string>;

  constructor(status: number, envelope: ErrorEnvelope, headers: Record<string, string> = {}) {
    super(envelope.detail);
    this.name = 'PostHogError';
    this.status = status;
    this.envelope = envelope;
    this.headers = headers;
  }

  /** The response the client receives. */
  toResponse(): EmulatorResponse {
    return { status: this.status, headers: this.headers, body: { ...this.envelope } };
  }
}

/** DRF's generic PermissionDenied text, also used when the caller is not in the org. */
export const GENERIC_PERMISSION_DENIED = 'You do not have permission to perform this action.';

/** 401 without credentials; both 401s carry the OAuth resource metadata hint. */
export function notAuthenticated(origin: string): PostHogError {
  return unauthorized(origin, 'not_authenticated', 'Authentication credentials were not provided.');
}

/** 401 for a key that matches nothing; `source` names where it was found. */
export function authenticationFailed(origin: string, source: 'Authorization header' | 'body' | 'query string'): PostHogError {
  return unauthorized(origin, 'authentication_failed', `Personal API key found in request ${source} is invalid.`);
}

function unauthorized(origin: string, code: string, detail: string): PostHogError {
  const challenge = `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource"`;
  return new PostHogError(401, { type: 'authentication_error', code, detail, attr: null }, { 'www-authenticate': challenge });
}

/** 403 PermissionDenied; drf-exceptions-hog types it as an authentication error. */
export function permissionDenied(detail: string = GENERIC_PERMISSION_DENIED): PostHogError {
  return new PostHogError(403, { type: 'authentication_error', code: 'permission_denied', detail, attr: null });
}

/** 404 NotFound ("Not found." for objects, "Organization not found." for the parent). */
export function notFound(detail = 'Not found.'): PostHogError {
  return new PostHogError(404, { type: 'invalid_request', code: 'not_found', detail, attr: null });
}

/** 400 ValidationError; DRF's `invalid` code is reported as `invalid_input`. */
export function validationError(code: string, detail: string, attr: string | null = null): PostHogError {
  return new PostHogError(400, { type: 'validation_error', code: code === 'invalid' ? 'invalid_input' : code, detail, attr });
}

/** 400 for a body that is not valid JSON. */
export function parseError(reason: string): PostHogError {
  return new PostHogError(400, { type: 'invalid_request', code: 'parse_error', detail: `JSON parse error - ${reason}`, attr: null });
}

/** 415 for a body in a format DRF has no parser for. */
export function unsupportedMediaType(contentType: string): PostHogError {
  const detail = `Unsupported media type "${contentType}" in request.`;
  return new PostHogError(415, { type: 'invalid_request', code: 'unsupported_media_type', detail, attr: null });
}

/** DRF's Throttled: the wait rounded up, singular for one second, echoed in Retry-After. */
export function throttled(retryAfterSeconds: number): PostHogError {
  const wait = Math.max(0, Math.ceil(retryAfterSeconds));
  const detail = `Request was throttled. Expected available in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`;
  return new PostHogError(429, { type: 'throttled_error', code: 'throttled', detail, attr: null }, { 'retry-after': String(wait) });
}

/** The envelope for an injected failure (429 always carries Retry-After, 1 s when unspecified). */
export function injectedFailure(status: InjectedStatus, retryAfterSeconds?: number): EmulatorResponse {
  if (status === 429) return throttled(retryAfterSeconds ?? 1).toResponse();
  const detail = status === 500 ? 'A server error occurred.' : 'Service temporarily unavailable, try again later.';
  const code = status === 500 ? 'error' : 'service_unavailable';
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
  return new PostHogError(status, { type: 'server_error', code, detail, attr: null }, headers).toResponse();
}
