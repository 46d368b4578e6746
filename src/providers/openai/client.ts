// OpenAI Administration API client: read invites and users, create one invite, revoke one (api/openai.md).
import type { z } from 'zod';
import type { HttpClient, HttpError } from '../../http.ts';
import { normalizeEmail, type CurrentInvite, type CurrentMember, type DesiredOrg, type MemberManagedBy } from '../../model.ts';
import { readCursorPages } from '../cursor-pages.ts';
import { alreadyGone, answerNaming, apiCaller, checkWriteAnswer, decode, deleteOutcome, type ApiErrorDetails, type FailureContext } from '../failure.ts';
import { ProviderError } from '../errors.ts';
import type { InviteToSend, Provider } from '../provider.ts';
import { shownId } from '../snapshot.ts';
import { deletedSchema, errorSchema, inviteSchema, listSchema, userDeletedSchema, userSchema } from './wire.ts';

/** The largest page the lists give (api/openai.md §5: limit 1..100). */
export const PAGE_SIZE = 100;

const INVITES = '/v1/organization/invites';
const USERS = '/v1/organization/users';

/**
 * A create refused because the email already has an invite or is a member. The codes are
 * UNCONFIRMED (§7.1), so the words are read; the applier confirms by re-reading either way.
 */
const ALREADY_DONE_WORDS = /\b(already|exists?|duplicate)\b/i;

type WireInvite = z.output<typeof inviteSchema>;
type WireUser = z.output<typeof userSchema>;

/** A client for one OpenAI org. */
export function openAiProvider(org: DesiredOrg, http: HttpClient): Provider {
  const { context, call } = apiCaller('openai', org.name, errorDetails);

  /** Every item of one cursor-paged list (limit 100, `after`), read as one snapshot. */
  const readAll = <T extends z.ZodType<{ id: string }>>(path: string, item: T, noun: string): Promise<Array<z.output<T>>> => {
    const schema = listSchema(item);
    return readCursorPages<z.output<T>>({
      noun,
      contextOf: (afterId) => context('read', `GET ${path}${afterId ? `?after=${shownId(afterId)}` : ''}`),
      fetchPage: async (afterId, ctx) => {
        const response = await call(ctx, () => http.get(path, { limit: PAGE_SIZE, ...(afterId ? { after: afterId } : {}) }));
        const page = decode(schema, response.body, ctx);
        return { data: page.data as Array<z.output<T>>, has_more: page.has_more, last_id: page.last_id ?? null };
      },
    });
  };

  return {
    name: 'openai',
    async read() {
      const [invites, users] = await Promise.all([readAll(INVITES, inviteSchema, 'invite'), readAll(USERS, userSchema, 'user')]);
      return { invites: invites.map(toCurrentInvite), members: users.flatMap(toMember) };
    },
    async create(invites) {
      if (invites.length !== 1) throw new Error(`openai creates one invite per call, got ${invites.length}`);
      const invite = invites[0]!;
      const ctx = context('create', `invite ${invite.email}`);
      const response = await call(ctx, () => http.post(INVITES, toWire(invite)));
      const requestId = requestIdIn(response.headers);
      const created = decode(inviteSchema, response.body, ctx);
      const key = (email: string, role: string, status: string) => `${status} ${role} invite for ${email}`;
      checkWriteAnswer(ctx, [key(normalizeEmail(invite.email), invite.access, 'pending')], [key(normalizeEmail(created.email), created.role, created.status)], requestId);
      return { value: [toCurrentInvite(created)], ...(requestId ? { requestId } : {}) };
    },
    async delete(inviteId) {
      const ctx = context('delete', `revoke invite ${inviteId}`);
      try {
        const send = () => call(ctx, () => http.delete(`${INVITES}/${encodeURIComponent(inviteId)}`));
        return await deleteOutcome(ctx, send, requestIdIn, answerNaming(deletedSchema, inviteId, '{"object": "organization.invite.deleted", "id": <this invite>, "deleted": true}'));
      } catch (error) {
        // An accepted invite "cannot be deleted" (§6.4; status UNCONFIRMED): on a 4xx, re-read it; accepted, expired or gone leaves nothing to revoke.
        if (error instanceof ProviderError && !error.uncertain && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429 && (await notPending(inviteId))) return alreadyGone(error);
        throw error;
      }
    },
    async updateMember(memberId, access) {
      const ctx = context('update-member', `change the role of member ${memberId} to ${access}`);
      const response = await call(ctx, () => http.post(`${USERS}/${encodeURIComponent(memberId)}`, { role: access }));
      const requestId = requestIdIn(response.headers);
      const user = decode(userSchema, response.body, ctx);
      checkWriteAnswer(ctx, [`member ${memberId} as ${access}`], [`member ${user.id} as ${user.role ?? 'none'}`], requestId);
      // The answer may carry no email (§12.2): the member is the one asked for, by id.
      const value: CurrentMember = toMember(user)[0] ?? { email: '', access, id: user.id };
      return { value, ...(requestId ? { requestId } : {}) };
    },
    removeMember(memberId) {
      const ctx = context('remove-member', `remove member ${memberId}`);
      const send = () => call(ctx, () => http.delete(`${USERS}/${encodeURIComponent(memberId)}`));
      return deleteOutcome(ctx, send, requestIdIn, answerNaming(userDeletedSchema, memberId, '{"object": "organization.user.deleted", "id": <this member>, "deleted": true}'));
    },
  };

  /** Whether the invite is no longer pending (accepted, expired or gone): nothing is left to revoke. */
  async function notPending(inviteId: string): Promise<boolean> {
    const ctx = context('read', `GET ${INVITES}/${shownId(inviteId)}`);
    try {
      const response = await call(ctx, () => http.get(`${INVITES}/${encodeURIComponent(inviteId)}`));
      const invite = decode(inviteSchema, response.body, ctx);
      if (invite.id !== inviteId) return false;
      if (invite.status !== 'pending') return true;
      return invite.expires_at != null && Date.parse(invite.expires_at) <= Date.now();
    } catch (error) {
      if (error instanceof ProviderError && error.meaning === 'not-found') return true;
      // The re-read failed: report the delete's own refusal, not the read's.
      return false;
    }
  }
}

/** The create body; `projects` only when the config states them (absent: the API grants the default project, §3.2). */
function toWire(invite: InviteToSend): Record<string, unknown> {
  return {
    email: invite.email,
    role: invite.access,
    ...(invite.projects === undefined ? {} : { projects: invite.projects.map(({ id, level }) => ({ id: String(id), role: level })) }),
  };
}

function toCurrentInvite(invite: WireInvite): CurrentInvite {
  return {
    id: invite.id,
    email: normalizeEmail(invite.email),
    access: invite.role,
    status: invite.status,
    createdAt: invite.createdAt,
    // null or absent: expiry unknown (§12.3); the status alone says whether it expired.
    ...(invite.expires_at == null ? {} : { expiresAt: invite.expires_at }),
    ...(invite.projects.length === 0 ? {} : { projects: invite.projects.map(({ id, role }) => ({ id, level: role })) }),
  };
}

/** A user with an email is a member; one without (a service account, §12.2) is read but never matched to anyone. */
function toMember(user: WireUser): CurrentMember[] {
  const email = (user.email ?? user.user?.email ?? '').trim();
  if (email === '') return [];
  const managedBy = managedByOf(user);
  return [{ email: normalizeEmail(email), access: user.role ?? 'none', id: user.id, ...(managedBy ? { managedBy } : {}) }];
}

/** What the user's own flags say keeps it out of the API's reach (§6.5); SCIM first, as the identity provider would undo a change. */
function managedByOf(user: WireUser): MemberManagedBy | undefined {
  if (user.is_scim_managed === true) return 'scim';
  if (user.is_service_account === true) return 'service-account';
  if (user.is_default === true) return 'default-user';
  return undefined;
}

function errorDetails(error: HttpError, context: FailureContext): ApiErrorDetails {
  const parsed = errorSchema.safeParse(error.body);
  const body = parsed.success ? parsed.data.error : undefined;
  const code = body?.code ?? body?.type ?? undefined;
  const message = body?.message ?? undefined;
  const requestId = error.headers?.get('x-request-id') ?? undefined;
  const alreadyDone = context.operation === 'create' && (error.status === 409 || (error.status === 400 && ALREADY_DONE_WORDS.test(`${body?.code ?? ''} ${message ?? ''}`)));
  return {
    ...(code === undefined ? {} : { code }),
    ...(alreadyDone ? { meaning: 'already-done' as const } : {}),
    ...(message === undefined ? {} : { apiMessage: message }),
    ...(requestId ? { requestId } : {}),
  };
}

/** The API's request id (`x-request-id`), when sent. */
function requestIdIn(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? undefined;
}
