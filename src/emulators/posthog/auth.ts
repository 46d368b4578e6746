// PostHog emulator: finding and checking a personal API key (header, body or query string).
import type { EmulatorRequest } from '../types.ts';
import { authenticationFailed } from './errors.ts';
import type { PersonalApiKey, User } from './model.ts';
import type { PostHogStore } from './store.ts';

/** Where a personal API key was found; PostHog names it in the 401 message. */
export type CredentialSource = 'Authorization header' | 'body' | 'query string';

/** A key as the request carries it, before it is looked up. */
export interface FoundCredential {
  value: string;
  source: CredentialSource;
}

/** The authenticated caller: the key and the user it acts as. */
export interface Caller {
  key: PersonalApiKey;
  user: User;
}

const BEARER = /^Bearer\s+(\S.+)$/;

/**
 * `find_key_with_source`: the Bearer header, else a `personal_api_key` body field, else the
 * query parameter. Only the first one found is ever tried.
 */
export function findCredential(request: EmulatorRequest, readBody: () => unknown): FoundCredential | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (match?.[1] !== undefined) return { value: match[1].trim(), source: 'Authorization header' };
  // Read only now: like DRF's request.data, a malformed body fails authentication only when reached.
  const body = readBody();
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'personal_api_key')) {
    const value = (body as Record<string, unknown>).personal_api_key;
    // A non-string key can never match; it still counts as "found in body".
    return { value: typeof value === 'string' ? value : JSON.stringify(value), source: 'body' };
  }
  const query = request.url.searchParams.get('personal_api_key');
  if (query !== null) return { value: query, source: 'query string' };
  return undefined;
}

/** Looks the key up; undefined without one, 401 `authentication_failed` for an unknown one. */
export function authenticate(store: PostHogStore, request: EmulatorRequest, readBody: () => unknown): Caller | undefined {
  const found = findCredential(request, readBody);
  if (!found) return undefined;
  const key = store.keys.get(found.value);
  const user = key && store.users.get(key.userId);
  if (!key || !user) throw authenticationFailed(request.url.origin, found.source);
  return { key, user };
}

/** Whether `scopes` grant `required`: `*` grants all, `:write` also grants `:read`. */
export function hasScope(scopes: readonly string[], required: string): boolean {
  if (scopes.includes('*') || scopes.includes(required)) return true;
  return required.endsWith(':read') && scopes.includes(`${required.slice(0, -':read'.length)}:write`);
}
