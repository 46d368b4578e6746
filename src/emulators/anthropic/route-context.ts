// Anthropic emulator: what a route handler gets.
import type { EmulatorRequest } from '../types.ts';
import type { AnthropicState, StoredKey } from './state.ts';

/** What a route handler gets: the request, the organization, the path id and the query. */
export interface RouteContext {
  request: EmulatorRequest;
  state: AnthropicState;
  /** The `{invite_id}` or `{user_id}` path segment, decoded; empty on collection routes. */
  id: string;
  query: URLSearchParams;
  /** The key the request authenticated with (for scopes a body needs, such as `write:rbac_groups`). */
  key: StoredKey;
}
