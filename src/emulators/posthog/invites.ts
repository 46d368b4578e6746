// PostHog emulator: the invite endpoints (list, create, bulk create, delete).
import type { EmulatorResponse } from '../types.ts';
import { notFound, PostHogError, validationError } from './errors.ts';
import type { InviteInput } from './model.ts';
import { paginate } from './pagination.ts';
import {
  checkAdminWrite,
  checkApiScope,
  checkOrganizationMember,
  checkUserCanInvite,
  requireCaller,
  type OrganizationAccess,
  type RequestContext,
} from './permissions.ts';
import { validateInvite, type InviteError } from './validate.ts';
import { toWireInvite } from './wire.ts';

const READ = 'organization_member:read';
const WRITE = 'organization_member:write';

/** PostHog's cap on one bulk call. */
export const MAX_BULK_INVITES = 20;

/** GET …/invites/: every invite (expired too), newest first, limit/offset paginated. */
export function listInvites(context: RequestContext): EmulatorResponse {
  const caller = requireCaller(context);
  checkApiScope(context, caller, READ);
  const { organization } = checkOrganizationMember(context, caller);
  // A read-after-write lag (a fault) hides invites created too recently; a non-zero `offset` marks a later page.
  const cutoff = context.store.readLag.cutoff(Number(context.request.url.searchParams.get('offset') ?? 0) === 0);
  const invites = context.store.invitesOf(organization.id);
  const listed = cutoff === undefined ? invites : invites.filter((invite) => invite.createdAt <= cutoff * 1000);
  const page = paginate(context.request.url, listed);
  return { status: 200, body: { ...page, results: page.results.map((invite) => toWireInvite(context.store, invite)) } };
}

/** POST …/invites/: validate, then replace every earlier invite for the email with a new one. */
export function createInvite(context: RequestContext): EmulatorResponse {
  const { caller, access } = checkInviteWrite(context);
  const result = validateInvite(context.readData(), { callerLevel: access.membership.level, projectIds: access.organization.projectIds });
  if (!result.ok) throw invalid(result.error, '');
  const invite = context.store.createInvite(access.organization.id, result.input, caller.user.id);
  return { status: 201, body: toWireInvite(context.store, invite) };
}

/**
 * POST …/invites/bulk/: a bare array of ≤ 20 bodies, all validated before any is created
 * (any error: nothing created); then created one by one, so a later "already a member"
 * leaves the earlier ones in place, as PostHog (no ATOMIC_REQUESTS) does.
 */
export function bulkCreateInvites(context: RequestContext): EmulatorResponse {
  const { caller, access } = checkInviteWrite(context);
  const data = context.readData();
  if (!Array.isArray(data)) throw validationError('invalid', 'This endpoint needs an array of data for bulk invite creation.');
  if (data.length > MAX_BULK_INVITES) {
    throw validationError('max_length', `A maximum of ${MAX_BULK_INVITES} invites can be sent in a single request.`);
  }
  const inputs: InviteInput[] = [];
  let firstError: { error: InviteError; index: number } | undefined;
  (data as unknown[]).forEach((item, index) => {
    const result = validateInvite(item, { callerLevel: access.membership.level, projectIds: access.organization.projectIds });
    if (result.ok) inputs.push(result.input);
    else firstError ??= { error: result.error, index };
  });
  if (firstError) throw bulkInvalid(firstError.error, firstError.index);
  const created = inputs.map((input) => context.store.createInvite(access.organization.id, input, caller.user.id));
  return { status: 201, body: created.map((invite) => toWireInvite(context.store, invite)) };
}

/** DELETE …/invites/{id}/: admins and owners only; 404 for an id not in this org. */
export function deleteInvite(context: RequestContext, id: string): EmulatorResponse {
  const caller = requireCaller(context);
  const access = checkOrganizationMember(context, caller);
  checkAdminWrite(access);
  checkApiScope(context, caller, WRITE);
  if (!context.store.deleteInvite(access.organization.id, id)) throw notFound();
  return { status: 204 };
}

/** The create/bulk chain: authenticated → org member → may invite → write scope. */
function checkInviteWrite(context: RequestContext): { caller: NonNullable<RequestContext['caller']>; access: OrganizationAccess } {
  const caller = requireCaller(context);
  const access = checkOrganizationMember(context, caller);
  checkUserCanInvite(access);
  checkApiScope(context, caller, WRITE);
  return { caller, access };
}

/** drf-exceptions-hog's `attr`: the field; null for the body itself. */
function invalid(error: InviteError, prefix: string) {
  const attr = prefix === '' && error.field === 'non_field_errors' ? null : `${prefix}${error.field}`;
  return validationError(error.code, error.detail, attr);
}

/**
 * drf-exceptions-hog 0.4.0 on a bulk list of per-item errors (§5): `code` and `detail` are
 * `str()` of item 0's entry, `attr` null. A valid item 0 gives `"{}"` twice; an invalid one gives
 * the Python repr of its errors (the emulator keeps the item's first error only).
 */
function bulkInvalid(error: InviteError, index: number) {
  if (index > 0) return new PostHogError(400, { type: 'validation_error', code: '{}', detail: '{}', attr: null });
  const field = pythonRepr(error.field);
  const code = `{${field}: [${pythonRepr(error.code)}]}`;
  const detail = `{${field}: [ErrorDetail(string=${pythonRepr(error.detail)}, code=${pythonRepr(error.code)})]}`;
  return new PostHogError(400, { type: 'validation_error', code, detail, attr: null });
}

/** Python's `repr()` of a str: single quotes unless the text has one and no double quote. */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `${quote}${quote === "'" ? escaped.replaceAll("'", "\\'") : escaped}${quote}`;
}
