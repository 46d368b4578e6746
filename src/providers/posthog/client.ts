// PostHog organization invites client: read invites and members, bulk create, revoke (api/posthog.md).
import type { z } from 'zod';
import type { HttpClient, HttpError, HttpResponse } from '../../http.ts';
import { normalizeEmail, type CurrentInvite, type CurrentMember, type DesiredOrg } from '../../model.ts';
import { ProviderError } from '../errors.ts';
import { apiCaller, checkWriteAnswer, decode, deleteOutcome, type ApiErrorDetails, type FailureContext } from '../failure.ts';
import type { InviteToSend, Provider } from '../provider.ts';
import { fetchAll, itemsById, MAX_PAGES, PARALLEL_PAGES, SnapshotMismatch } from '../snapshot.ts';
import { bulkResponseSchema, errorSchema, inviteSchema, LEVEL_NAMES, LEVEL_NUMBERS, memberSchema, pageSchema } from './wire.ts';

/**
 * PostHog's LimitOffsetPagination has no maximum: pages of 5,000 (a few MB, far under the answer
 * cap) read 20,000 invites in two round trips — the first page gives the count, the rest go at once.
 */
export const PAGE_SIZE = 5000;

/** The "already a member" check runs per item inside bulk, after earlier items were saved. */
const ALREADY_MEMBER = 'A user with this email address already belongs to the organization.';

/** Any owner membership refuses DELETE (§11.4); the owner must be demoted first. */
const OWNER_CANNOT_LEAVE = 'Cannot leave the organization as its owner!';

/** What that refusal means when the planner saw no such member: `/members/` hides inactive users and guests (§14.3). */
const HIDDEN_MEMBER = 'is already in the organization (inactive or guest member hidden from the members list)';

/** A client for one PostHog org. */
export function postHogProvider(org: DesiredOrg, http: HttpClient): Provider {
  const base = `/api/organizations/${org.connection.organizationId ?? '@current'}`;
  const { context, call } = apiCaller('posthog', org.name, errorDetails);

  /**
   * Every item of a paginated list, read as one snapshot: the first page's count says how many
   * pages follow, and those are fetched at once (the key's gate bounds how many are in flight).
   * Offset pages shift when someone invites or revokes while we read, so a page set that is not
   * one snapshot is read again once, then refused.
   */
  const readAll = async <T extends z.ZodType>(path: string, item: T, noun: string, idOf: (item: z.infer<T>) => string): Promise<Array<z.infer<T>>> => {
    const schema = pageSchema(item);
    const fetchPage = async (offset: number): Promise<{ count: number; next: string | null; results: Array<z.infer<T>> }> => {
      const ctx = context('read', `GET ${path}?offset=${offset}`);
      const response = await call(ctx, () => http.get(path, { limit: PAGE_SIZE, offset }));
      return decode(schema, response.body, ctx) as { count: number; next: string | null; results: Array<z.infer<T>> };
    };
    const readOnce = async (): Promise<Array<z.infer<T>>> => {
      const first = await fetchPage(0);
      const { count } = first;
      // The server's page size is ours, unless a proxy caps it lower.
      const size = first.results.length;
      if (first.next !== null && size === 0) throw new SnapshotMismatch('the API reported more pages but returned an empty one');
      const pages = first.next === null ? 1 : Math.max(1, Math.ceil(count / size));
      if (pages > MAX_PAGES) {
        throw new ProviderError(context('read', `GET ${path}`), `the API reports ${count} ${noun}s, ${pages} pages of ${size}; refusing to read more than ${MAX_PAGES} pages`);
      }
      const rest = await fetchAll(pages - 1, PARALLEL_PAGES, (index) => fetchPage((index + 1) * size));
      const all = [first, ...rest];
      const moved = all.find((page) => page.count !== count);
      if (moved) throw new SnapshotMismatch(`the count changed between pages (${count}, then ${moved.count})`);
      // Never follow `next` (an untrusted URL): it only says whether the count promised more.
      if (all.at(-1)!.next !== null) throw new SnapshotMismatch(`the API lists more ${noun}s than its count of ${count}`);
      const merged = itemsById(idOf, noun);
      for (const page of all) merged.add(page.results);
      if (merged.items.length !== count) throw new SnapshotMismatch(`read ${merged.items.length} distinct ${noun}s but the API counts ${count}`);
      return merged.items;
    };
    try {
      return await readOnce();
    } catch (error) {
      if (!(error instanceof SnapshotMismatch)) throw error;
    }
    try {
      return await readOnce();
    } catch (error) {
      if (!(error instanceof SnapshotMismatch)) throw error;
      throw new ProviderError(context('read', `GET ${path}`), `the pages were not one snapshot of the list in two tries: ${error.message}; it changed while it was read, or the API is inconsistent; run again`);
    }
  };

  // Whether this server's create replaces the email's earlier invites (older self-hosted releases do not, §14.5); learned on the first re-invite.
  let replacesOnCreate: boolean | undefined;

  /**
   * After a create that should have replaced pending invites: on a release that does not
   * replace, the old invite is still pending, a second live link. Re-read the list and revoke
   * those; what cannot be revoked is returned as a note per email.
   */
  const revokeStrays = async (sent: readonly InviteToSend[]): Promise<Map<string, string>> => {
    const notes = new Map<string, string>();
    const replaced = sent.filter((invite) => invite.replaces !== undefined);
    if (replaced.length === 0 || replacesOnCreate === true) return notes;
    const listed = await readAll(`${base}/invites/`, inviteSchema, 'invite', (invite) => invite.id).catch((error: unknown) => error as Error);
    if (listed instanceof Error) {
      for (const invite of replaced) notes.set(normalizeEmail(invite.email), `created, but could not check that the old invite ${invite.replaces} was replaced: ${listed.message}; run plan to see`);
      return notes;
    }
    const pending = new Set(listed.filter((invite) => !invite.is_expired).map((invite) => invite.id));
    const strays = replaced.filter((invite) => pending.has(invite.replaces!));
    replacesOnCreate = strays.length === 0;
    for (const invite of strays) {
      const ctx = context('delete', `revoke invite ${invite.replaces}`);
      await call(ctx, () => http.delete(`${base}/invites/${encodeURIComponent(invite.replaces!)}/`)).catch((error: unknown) => {
        if (error instanceof ProviderError && error.meaning === 'not-found') return;
        const why = error instanceof Error ? error.message : String(error);
        notes.set(normalizeEmail(invite.email), `created, but this PostHog release kept the old invite ${invite.replaces} and revoking it failed (${why}); it stays usable until revoked`);
      });
    }
    return notes;
  };

  return {
    name: 'posthog',
    async read() {
      const [invites, members] = await Promise.all([
        readAll(`${base}/invites/`, inviteSchema, 'invite', (invite) => invite.id),
        readAll(`${base}/members/`, memberSchema, 'member', (member) => member.id),
      ]);
      return {
        invites: invites.map(toCurrentInvite),
        members: members.map(toCurrentMember),
      };
    },
    async create(invites) {
      const ctx = context('create', `invite ${invites.map((invite) => invite.email).join(', ')}`);
      const response = await call(ctx, () => http.post(`${base}/invites/bulk/`, invites.map(toWire))).catch((error: unknown) => {
        if (error instanceof ProviderError && error.apiMessage === ALREADY_MEMBER) {
          const answer = { ...ctx, status: 400, code: error.code ?? 'invalid_input', ...(error.requestId ? { requestId: error.requestId } : {}) };
          // Alone, it is a final refusal of that address: sending it again would be refused again.
          if (invites.length === 1) throw new ProviderError({ ...answer, apiMessage: `${normalizeEmail(invites[0]!.email)} ${HIDDEN_MEMBER}`, meaning: 'refused' });
          // In a batch it may have saved (and emailed) the items before it.
          throw new ProviderError({ ...answer, apiMessage: error.apiMessage, uncertain: true });
        }
        throw error;
      });
      const created = decode(bulkResponseSchema, response.body, ctx).map(toCurrentInvite);
      const { requestId } = requestIdOf(response.headers);
      // An empty or short answer is not "applied": only the invites in it are known to exist.
      const key = (email: string, access: string, status: string) => `${status} ${access} invite for ${email}`;
      const sent = invites.map((invite) => key(normalizeEmail(invite.email), invite.access, 'pending'));
      checkWriteAnswer(ctx, sent, created.map((invite) => key(invite.email, invite.access, invite.status)), requestId);
      const notes = await revokeStrays(invites);
      return { value: created, ...(requestId ? { requestId } : {}), ...(notes.size === 0 ? {} : { notes }) };
    },
    delete(inviteId) {
      const ctx = context('delete', `revoke invite ${inviteId}`);
      return deleteOutcome(ctx, () => call(ctx, () => http.delete(`${base}/invites/${encodeURIComponent(inviteId)}/`)), requestIdIn, noContent);
    },
    updateMember: (memberId, access) => patchLevel(memberId, access, context('update-member', `change the level of member ${memberId} to ${access}`)),
    async removeMember(memberId) {
      const ctx = context('remove-member', `remove member ${memberId}`);
      try {
        return await deleteMember(memberId, ctx);
      } catch (error) {
        if (!(error instanceof ProviderError && error.status === 400 && error.apiMessage === OWNER_CANNOT_LEAVE)) throw error;
      }
      // An owner membership cannot be deleted (§11.4): another owner demotes it to member first.
      await patchLevel(memberId, 'member', ctx);
      try {
        return await deleteMember(memberId, ctx);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        const why = error.apiMessage ?? error.message;
        throw new ProviderError({ ...ctx, ...errorFields(error), apiMessage: `demoted from owner to member, then the removal failed: ${why}` });
      }
    },
  };

  /** PATCH a member's level; the answer must be that user at that level, else the outcome is uncertain. */
  async function patchLevel(memberId: string, access: string, ctx: FailureContext) {
    const response = await call(ctx, () => http.patch(`${base}/members/${encodeURIComponent(memberId)}/`, { level: LEVEL_NUMBERS[access] }));
    const { requestId } = requestIdOf(response.headers);
    const updated = toCurrentMember(decode(memberSchema, response.body, ctx));
    checkWriteAnswer(ctx, [`member ${memberId} at ${access}`], [`member ${updated.id ?? '(no uuid)'} at ${updated.access}`], requestId);
    return { value: updated, ...(requestId ? { requestId } : {}) };
  }

  /** DELETE a membership: 204 is done, a 404 is a member already gone. */
  function deleteMember(memberId: string, ctx: FailureContext) {
    return deleteOutcome(ctx, () => call(ctx, () => http.delete(`${base}/members/${encodeURIComponent(memberId)}/`)), requestIdIn, noContent);
  }
}

function toCurrentMember(member: z.infer<typeof memberSchema>): CurrentMember {
  return { email: normalizeEmail(member.user.email), access: LEVEL_NAMES[member.level]!, ...(member.user.uuid === undefined ? {} : { id: member.user.uuid }) };
}

/** A ProviderError's answer fields, to re-throw it with another message. */
function errorFields(error: ProviderError) {
  return {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    uncertain: error.uncertain,
    meaning: error.meaning,
  };
}

function toWire(invite: InviteToSend): Record<string, unknown> {
  return {
    target_email: invite.email,
    level: LEVEL_NUMBERS[invite.access],
    ...(invite.firstName === undefined ? {} : { first_name: invite.firstName }),
    ...(invite.message === undefined ? {} : { message: invite.message }),
    ...(invite.projects === undefined ? {} : { private_project_access: invite.projects.map(({ id, level }) => ({ id, level })) }),
    send_email: true,
  };
}

function toCurrentInvite(invite: z.infer<typeof inviteSchema>): CurrentInvite {
  const projects = invite.private_project_access ?? [];
  return {
    id: invite.id,
    // A link invite has no email: it is kept apart from the addresses by `link`.
    email: invite.target_email === null ? '' : normalizeEmail(invite.target_email),
    access: LEVEL_NAMES[invite.level]!,
    status: invite.is_expired ? 'expired' : 'pending',
    createdAt: invite.created_at,
    ...(projects.length === 0 ? {} : { projects: projects.map(({ id, level }) => ({ id, level })) }),
    ...(invite.target_email === null ? { link: true } : {}),
  };
}

function errorDetails(error: HttpError, context: FailureContext): ApiErrorDetails {
  const parsed = errorSchema.safeParse(error.body);
  const body = parsed.success ? parsed.data : {};
  const listed = listErrorOf(body.code, body.detail);
  const code = listed?.code ?? body.code;
  const detail = listed?.detail ?? body.detail;
  return {
    ...meaningOf(error.status, body.detail, context.operation),
    ...(code === undefined ? {} : { code }),
    ...(detail === undefined ? {} : { apiMessage: detail }),
    ...(error.headers ? requestIdOf(error.headers) : {}),
  };
}

/**
 * A bulk call's per-item errors come back as `str()` of item 0's errors (api/posthog.md §5):
 * `"{}"` when item 0 is valid (the API does not say which item failed), else a Python repr
 * such as `{'target_email': [ErrorDetail(string='…', code='invalid')]}`, read into field and text.
 */
function listErrorOf(code: string | undefined, detail: string | undefined): { code: string; detail: string } | undefined {
  if (code === '{}' && detail === '{}') return { code: 'invalid_item', detail: 'the API refused an item of the batch without saying which' };
  const found = /^\{'(\w{1,64})': \[ErrorDetail\(string=(['"])(.{0,1000}?)\2, code='(\w{1,64})'\)/s.exec(detail ?? '');
  if (found === null) return undefined;
  return { code: found[4]!, detail: `${found[1]}: ${found[3]}` };
}

/**
 * 400 (an invalid item) and 403 (a level above the caller's) on a bulk create: PostHog validates
 * every item before it writes any, so nothing was created. 404 "Not found." is an invite already gone;
 * "Organization not found." is a real error.
 */
function meaningOf(status: number | undefined, detail: string | undefined, operation: FailureContext['operation']): Pick<ApiErrorDetails, 'meaning'> {
  if (operation === 'create' && (status === 400 || status === 403)) return { meaning: 'item-rejected' };
  if (status === 404) return { meaning: detail === 'Organization not found.' ? 'refused' : 'not-found' };
  return {};
}

/** The request id as a spreadable field. */
function requestIdOf(headers: Headers): { requestId?: string } {
  const id = requestIdIn(headers);
  return id ? { requestId: id } : {};
}

/** A proxy's `x-request-id`, when present (PostHog documents none). */
function requestIdIn(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? undefined;
}

/** A delete is answered 204 No Content (§6, §11.4); anything else leaves its outcome unclear. */
function noContent(response: HttpResponse): string | undefined {
  return response.status === 204 ? undefined : `the API answered ${response.status} instead of 204 No Content`;
}

