// Anthropic emulator: finding and checking an Admin API key and its scopes.
import type { EmulatorRequest } from '../types.ts';
import { AnthropicApiError, invalidRequest } from './errors.ts';
import type { StoredKey } from './state.ts';

/** What a route needs from the key: reading members and invites, or changing them. */
export type Access = 'read' | 'write';

const SCOPE_FOR: Record<Access, string> = { read: 'read:members', write: 'write:members' };

function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The key from `x-api-key`, else from `Authorization: Bearer` (the current SDK sends the latter). */
export function credentialOf(request: EmulatorRequest): string | undefined {
  const apiKey = header(request, 'x-api-key')?.trim();
  if (apiKey) return apiKey;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(request, 'authorization') ?? '');
  return bearer?.[1];
}

/** The organization key the request carries, or 401 `authentication_error`. */
export function authenticate(request: EmulatorRequest, keys: readonly StoredKey[]): StoredKey {
  const credential = credentialOf(request);
  if (credential === undefined) {
    throw new AnthropicApiError(401, 'authentication_error', 'x-api-key header is required');
  }
  const key = keys.find((k) => k.key === credential);
  if (!key) {
    const via = header(request, 'x-api-key') ? 'x-api-key' : 'bearer token';
    throw new AnthropicApiError(401, 'authentication_error', `invalid ${via}`);
  }
  return key;
}

/** A scoped key without the scope the route needs gets 403 `api_key_scope_missing` (reference §1, §12). */
export function authorize(key: StoredKey, access: Access): void {
  requireScope(key, SCOPE_FOR[access]);
}

/** A scoped key without `scope` gets 403 (e.g. `write:rbac_groups` to invite or assign `managed`, §14.1). */
export function requireScope(key: StoredKey, scope: string): void {
  if (key.scopes !== undefined && !key.scopes.includes(scope)) {
    throw new AnthropicApiError(
      403,
      'permission_error',
      `This API key is missing the required scope: ${scope}.`,
      'api_key_scope_missing',
    );
  }
}

/**
 * `anthropic-version` may be absent (current docs and SDK do not require it, reference §9 as
 * corrected 2026-12); when sent it must be a YYYY-MM-DD date, any date (the SDK sends `2026-10-21`,
 * the docs `2023-06-01`).
 */
export function requireVersion(request: EmulatorRequest): void {
  const version = header(request, 'anthropic-version');
  if (version === undefined || version.trim() === '') return;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version.trim())) {
    throw invalidRequest(`anthropic-version: '${version}' is not a valid version`);
  }
}
