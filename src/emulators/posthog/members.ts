// PostHog emulator: the member list endpoint.
import type { EmulatorResponse } from '../types.ts';
import { paginate } from './pagination.ts';
import { checkApiScope, checkOrganizationMember, requireCaller, type RequestContext } from './permissions.ts';
import { toWireMember } from './wire.ts';

/** GET …/members/: the org's members, most recently joined first; `?email=` filters exactly. */
export function listMembers(context: RequestContext): EmulatorResponse {
  const caller = requireCaller(context);
  checkApiScope(context, caller, 'organization_member:read');
  const { organization } = checkOrganizationMember(context, caller);
  const email = context.request.url.searchParams.get('email');
  const members = context.store
    .membersOf(organization.id)
    .filter((membership) => email === null || context.store.userOf(membership).email === email);
  const page = paginate(context.request.url, members);
  return { status: 200, body: { ...page, results: page.results.map((membership) => toWireMember(context.store, membership)) } };
}
