// Anthropic Admin API client: read invites and users, create one invite, revoke one (api/anthropic.md).
import type { z } from 'zod';
import { HttpError, type HttpClient } from '../../http.ts';
import { normalizeEmail, type CurrentInvite, type DesiredOrg } from '../../model.ts';
import { cursorPageSchema, readCursorPages, type CursorPage } from '../cursor-pages.ts';
import { alreadyGone, answerNaming, apiCaller, checkWriteAnswer, decode, deleteOutcome, type ApiErrorDetails } from '../failure.ts';
import { ProviderError } from '../errors.ts';
import type { Provider } from '../provider.ts';
import { shownId } from '../snapshot.ts';
import { deletedSchema, errorSchema, inviteSchema, userDeletedSchema, userSchema } from './wire.ts';

/** The Admin API's largest page (api/anthropic.md §5). */
export const PAGE_SIZE = 1000;

const USERS = '/v1/organizations/users';

/** Error codes that mean someone already did this (the invite exists, or the person is a member). */
const ALREADY_DONE_CODES = new Set(['invite_already_exists', 'already_member']);

/** "Another membership change is in progress; retry once it completes" (§14.5): nothing was written. */
const CONCURRENT_CHANGE = 'concurrent_membership_change';
/** Retries of a write refused for a concurrent membership change, as the SDK does (§12: up to twice). */
const CONCURRENT_RETRIES = 2;
/** The first wait before such a retry; it doubles. */
const CONCURRENT_DELAY_MS = 250;

/** A client for one Anthropic org. */
export function anthropicProvider(org: DesiredOrg, http: HttpClient): Provider {
  const { context, call: callOnce } = apiCaller('anthropic', org.name, errorDetails);

  /** One call; a 409 concurrent_membership_change (a definite "not applied") is sent again, up to twice. */
  const call: typeof callOnce = async (ctx, send) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await callOnce(ctx, send);
      } catch (error) {
        const retry = error instanceof ProviderError && error.status === 409 && error.code === CONCURRENT_CHANGE && !error.uncertain && attempt < CONCURRENT_RETRIES && !toldNotToRetry(error);
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, CONCURRENT_DELAY_MS * 2 ** attempt));
      }
    }
  };

  /** Every item of one cursor-paged list, read as one snapshot. */
  const readAll = <T extends z.ZodType<{ id: string }>>(path: string, item: T, noun: string): Promise<Array<z.infer<T>>> => {
    const schema = cursorPageSchema(item);
    return readCursorPages<z.infer<T>>({
      noun,
      contextOf: (afterId) => context('read', `GET ${path}${afterId ? `?after_id=${shownId(afterId)}` : ''}`),
      fetchPage: async (afterId, ctx) => {
        const response = await call(ctx, () => http.get(path, { limit: PAGE_SIZE, ...(afterId ? { after_id: afterId } : {}) }));
        return decode(schema, response.body, ctx) as CursorPage<z.infer<T>>;
      },
    });
  };

  return {
    name: 'anthropic',
    async read() {
      const [invites, users] = await Promise.all([readAll('/v1/organizations/invites', inviteSchema, 'invite'), readAll(USERS, userSchema, 'user')]);
      return {
        // Deleted invites are gone (the API does not normally list them): they are no one's state.
        invites: invites.flatMap((invite) => (invite.status === 'deleted' ? [] : [toCurrentInvite({ ...invite, status: invite.status })])),
        // SCIM-managed members are not marked (§13.3): the config's `ignore` keeps them out of reach.
        members: users.map((user) => ({ email: normalizeEmail(user.email), access: user.role, id: user.id })),
      };
    },
    async create(invites) {
      if (invites.length !== 1) throw new Error(`anthropic creates one invite per call, got ${invites.length}`);
      const invite = invites[0]!;
      const ctx = context('create', `invite ${invite.email}`);
      const response = await call(ctx, () => http.post('/v1/organizations/invites', { email: invite.email, role: invite.access }));
      const created = decode(inviteSchema, response.body, ctx);
      const { requestId } = requestIdOf(response.headers);
      const key = (email: string, role: string, status: string) => `${status} ${role} invite for ${email}`;
      checkWriteAnswer(ctx, [key(normalizeEmail(invite.email), invite.access, 'pending')], [key(normalizeEmail(created.email), created.role, created.status)], requestId);
      return { value: [toCurrentInvite({ ...created, status: 'pending' })], ...(requestId ? { requestId } : {}) };
    },
    async delete(inviteId) {
      const ctx = context('delete', `revoke invite ${inviteId}`);
      try {
        const send = () => call(ctx, () => http.delete(`/v1/organizations/invites/${encodeURIComponent(inviteId)}`));
        return await deleteOutcome(ctx, send, requestIdIn, answerNaming(deletedSchema, inviteId, '{"id": <this invite>, "type": "invite_deleted"}'));
      } catch (error) {
        // Only a pending invite can be withdrawn (§6.4, §14.6): a 400 usually means it was accepted or expired since the read.
        if (error instanceof ProviderError && error.status === 400 && (await notPending(inviteId))) return alreadyGone(error);
        throw error;
      }
    },
    async updateMember(memberId, access) {
      const ctx = context('update-member', `change the role of member ${memberId} to ${access}`);
      const response = await call(ctx, () => http.post(`${USERS}/${encodeURIComponent(memberId)}`, { role: access }));
      const { requestId } = requestIdOf(response.headers);
      const user = decode(userSchema, response.body, ctx);
      checkWriteAnswer(ctx, [`member ${memberId} as ${access}`], [`member ${user.id} as ${user.role}`], requestId);
      return { value: { email: normalizeEmail(user.email), access: user.role, id: user.id }, ...(requestId ? { requestId } : {}) };
    },
    removeMember(memberId) {
      const ctx = context('remove-member', `remove member ${memberId}`);
      // A 409 concurrent_membership_change (nothing written) is sent again by `call`, as for invites.
      const send = () => call(ctx, () => http.delete(`${USERS}/${encodeURIComponent(memberId)}`));
      return deleteOutcome(ctx, send, requestIdIn, answerNaming(userDeletedSchema, memberId, '{"id": <this member>, "type": "user_deleted"}'));
    },
  };

  /** Whether the invite is no longer pending (accepted, expired, deleted or gone): nothing is left to revoke. */
  async function notPending(inviteId: string): Promise<boolean> {
    const ctx = context('read', `GET /v1/organizations/invites/${shownId(inviteId)}`);
    try {
      const response = await call(ctx, () => http.get(`/v1/organizations/invites/${encodeURIComponent(inviteId)}`));
      const invite = decode(inviteSchema, response.body, ctx);
      if (invite.id !== inviteId) return false;
      if (invite.status !== 'pending') return true;
      // Pending past its expiry reads as expired, as the planner counts it.
      return invite.expires_at !== null && Date.parse(invite.expires_at) <= Date.now();
    } catch (error) {
      if (error instanceof ProviderError && error.meaning === 'not-found') return true;
      // The re-read failed: report the delete's own refusal, not the read's.
      return false;
    }
  }
}

function toCurrentInvite(invite: z.infer<typeof inviteSchema> & { status: CurrentInvite['status'] }): CurrentInvite {
  return {
    id: invite.id,
    email: normalizeEmail(invite.email),
    access: invite.role,
    status: invite.status,
    createdAt: invite.invited_at,
    // null: expiry unknown (§14.7); the status alone says whether it expired.
    ...(invite.expires_at === null ? {} : { expiresAt: invite.expires_at }),
  };
}

/** The API's own `x-should-retry: false` on the answer (§14.4). */
function toldNotToRetry(error: ProviderError): boolean {
  const cause = error.cause;
  return cause instanceof HttpError && cause.headers?.get('x-should-retry')?.trim().toLowerCase() === 'false';
}

function errorDetails(error: HttpError): ApiErrorDetails {
  const parsed = errorSchema.safeParse(error.body);
  const body = parsed.success ? parsed.data : undefined;
  const code = body?.error.details?.error_code ?? body?.error.type;
  const requestId = error.headers?.get('request-id') ?? body?.request_id;
  return {
    ...(code === undefined ? {} : { code }),
    ...(code !== undefined && ALREADY_DONE_CODES.has(code) ? { meaning: 'already-done' as const } : {}),
    ...(body?.error.message === undefined ? {} : { apiMessage: body.error.message }),
    ...(requestId ? { requestId } : {}),
  };
}

function requestIdOf(headers: Headers): { requestId?: string } {
  const id = requestIdIn(headers);
  return id ? { requestId: id } : {};
}

/** The Admin API's request id (`request-id`), when sent. */
function requestIdIn(headers: Headers): string | undefined {
  return headers.get('request-id') ?? undefined;
}

