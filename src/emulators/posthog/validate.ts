// PostHog emulator: the invite serializer's checks, first error wins.
import { permissionDenied } from './errors.ts';
import { booleanField, charField, choiceField, fail, ok, pythonTypeName, validateEmail, type FieldFailure, type FieldResult } from './fields.ts';
import { LEVELS, type InviteInput, type Level, type ProjectAccess } from './model.ts';

/** One validation error: the field (`non_field_errors` for the body as a whole) and its failure. */
export interface InviteError extends FieldFailure {
  field: string;
}

/** The serializer's outcome for one create body: valid input, or its first error. */
export type InviteValidation = { ok: true; input: InviteInput } | { ok: false; error: InviteError };

/** Who is inviting: their level decides `validate_level`; the org's projects decide project access. */
export interface InviteContext {
  callerLevel: Level;
  projectIds: ReadonlySet<number>;
}

const HIGHER_LEVEL = 'You cannot invite a user with a higher permission level than your own.';
const TEAM_ERROR = 'Project does not exist on this organization, or it is private and you do not have access to it.';
const ACCESS_LEVEL = 'The "level" field must be a valid access level.';

/**
 * `OrganizationInviteSerializer.is_valid()`: fields in declaration order, every error collected
 * but only the first reported; `validate_level` throws a 403 at once, as PermissionDenied does.
 */
export function validateInvite(data: unknown, context: InviteContext): InviteValidation {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const detail = `Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`;
    return { ok: false, error: { field: 'non_field_errors', code: 'invalid', detail } };
  }
  const body = data as Record<string, unknown>;
  const errors: InviteError[] = [];
  const take = <T>(field: string, result: FieldResult<T>): T | undefined => {
    if (result.kind === 'failure') errors.push({ field, ...result.failure });
    return result.kind === 'value' ? result.value : undefined;
  };

  const targetEmail = take('target_email', charField(body, 'target_email', { required: true, maxLength: 254, validators: [validateEmail] }));
  const firstName = take('first_name', charField(body, 'first_name', { allowBlank: true, maxLength: 30 }));
  const level = take('level', choiceField(body, 'level', LEVELS));
  if (level !== undefined && level > context.callerLevel) throw permissionDenied(HIGHER_LEVEL);
  const message = take('message', charField(body, 'message', { allowNull: true, allowBlank: true }));
  const projectAccess = take('private_project_access', projectAccessField(body, context));
  const sendEmail = take('send_email', booleanField(body, 'send_email'));
  const combine = take('combine_pending_invites', booleanField(body, 'combine_pending_invites'));

  const first = errors[0];
  if (first) return { ok: false, error: first };
  return {
    ok: true,
    input: {
      // validate_target_email: EmailNormalizer lower-cases the whole address.
      targetEmail: (targetEmail ?? '').toLowerCase(),
      firstName: firstName ?? '',
      level: level ?? 1,
      message: message ?? null,
      privateProjectAccess: projectAccess === undefined ? [] : projectAccess,
      sendEmail: sendEmail ?? true,
      combinePendingInvites: combine ?? false,
    },
  };
}

/**
 * `private_project_access`: the model validator's shape checks, then the serializer's (an empty
 * list is stored as null; projects must belong to the org). Absent means the model default [].
 */
function projectAccessField(body: Record<string, unknown>, context: InviteContext): FieldResult<ProjectAccess[] | null> {
  if (!Object.hasOwn(body, 'private_project_access')) return { kind: 'absent' };
  const raw = body.private_project_access;
  if (raw === null) return ok(null);
  if (!Array.isArray(raw)) return fail('invalid', 'The field must be a list of dictionaries.');
  const items: ProjectAccess[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail('invalid', 'Each item in the list must be a dictionary.');
    const entry = item as Record<string, unknown>;
    if (!Object.hasOwn(entry, 'id') || !Object.hasOwn(entry, 'level')) return fail('invalid', 'Each dictionary must contain "id" and "level" keys.');
    if (typeof entry.id !== 'number' || !Number.isInteger(entry.id)) return fail('invalid', 'The "id" field must be an integer.');
    if (entry.level !== 'none' && entry.level !== 'member' && entry.level !== 'admin') return fail('invalid', ACCESS_LEVEL);
    items.push({ ...entry, id: entry.id, level: entry.level });
  }
  if (items.length === 0) return ok(null);
  // Emulated projects carry no access controls, so members may grant any level, as on open projects.
  for (const item of items) {
    if (item.level !== 'member' && item.level !== 'admin') return fail('invalid', ACCESS_LEVEL);
    if (!context.projectIds.has(item.id)) return fail('invalid', TEAM_ERROR);
  }
  return ok(items);
}
