// PostHog emulator: URL routing to the invite and member handlers.
import type { EmulatorRequest, EmulatorResponse } from '../types.ts';
import { authenticate } from './auth.ts';
import { requestData } from './body.ts';
import { notFound } from './errors.ts';
import { bulkCreateInvites, createInvite, deleteInvite, listInvites } from './invites.ts';
import { removeMember, updateMember } from './member-writes.ts';
import { listMembers } from './members.ts';
import { checkApiScope, requireCaller, type RequestContext } from './permissions.ts';
import type { PostHogStore } from './store.ts';

/** One routed URL; DRF's default lookup pattern `[^/.]+` for `{org}`, `{id}` and `{user_uuid}`. */
type Route = { kind: 'invites' | 'bulk' | 'members'; organization: string } | { kind: 'invite' | 'member'; organization: string; id: string };

// Every route takes the trailing slash or not (`trailing_slash = "/?"`, no redirect).
const PATTERNS: [RegExp, Route['kind']][] = [
  [/^\/api\/organizations\/([^/.]+)\/invites\/?$/, 'invites'],
  [/^\/api\/organizations\/([^/.]+)\/invites\/bulk\/?$/, 'bulk'],
  [/^\/api\/organizations\/([^/.]+)\/invites\/([^/.]+)\/?$/, 'invite'],
  [/^\/api\/organizations\/([^/.]+)\/members\/?$/, 'members'],
  [/^\/api\/organizations\/([^/.]+)\/members\/([^/.]+)\/?$/, 'member'],
];

function matchRoute(pathname: string): Route | undefined {
  for (const [pattern, kind] of PATTERNS) {
    const match = pattern.exec(pathname);
    const organization = decode(match?.[1]);
    if (organization === undefined) continue;
    if (kind !== 'invite' && kind !== 'member') return { kind, organization };
    const id = decode(match?.[2]);
    return id === undefined ? undefined : { kind, organization, id };
  }
  return undefined;
}

/** Percent-decodes a path segment (`%40current` is `@current`); undefined when absent or malformed. */
function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Routes one request the way DRF dispatches it: resolve the URL (404), authenticate (401),
 * then run the action's permission chain and handler. Errors are thrown as PostHogError.
 */
export function dispatch(store: PostHogStore, request: EmulatorRequest): EmulatorResponse {
  const route = matchRoute(request.url.pathname);
  if (!route) throw notFound();
  let data: { value: unknown } | undefined;
  const readData = (): unknown => (data ??= { value: requestData(request) }).value;
  const caller = authenticate(store, request, readData);
  const context: RequestContext = { store, request, caller, organizationParam: route.organization, readData };
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (route.kind === 'invites' && method === 'GET') return listInvites(context);
  if (route.kind === 'invites' && method === 'POST') return createInvite(context);
  if (route.kind === 'bulk' && method === 'POST') return bulkCreateInvites(context);
  if (route.kind === 'invite' && method === 'DELETE') return deleteInvite(context, route.id);
  if (route.kind === 'members' && method === 'GET') return listMembers(context);
  if (route.kind === 'member' && (method === 'PATCH' || method === 'PUT')) return updateMember(context, route.id);
  if (route.kind === 'member' && method === 'DELETE') return removeMember(context, route.id);
  // No action for this method (e.g. GET /invites/{id}/ or /members/{uuid}/: no retrieve): APIScopePermission refuses PAKs first.
  checkApiScope(context, requireCaller(context), undefined);
  throw notFound();
}
