import type { z } from 'zod';
import { normalizeEmail } from '../../config/desired.ts';
import type { HttpClient, HttpError } from '../../http.ts';
import { ANTHROPIC_WINDOWS } from '../../rate-budget.ts';
import type { CurrentInvite, DesiredOrg } from '../../model.ts';
import { ProviderError } from '../errors.ts';
import { apiCaller, checkWriteAnswer, decode, unexpectedAnswer, type ApiErrorDetails } from '../failure.ts';
import type { Provider, ProviderModule } from '../provider.ts';
import { itemsById, MAX_PAGES, shownId, SnapshotMismatch } from '../snapshot.ts';
import { deletedSchema, errorSchema, inviteSchema, pageSchema, userSchema } from './schema.ts';

/** The Admin API's largest page (api/anthropic.md §5). */
export const PAGE_SIZE = 1000;

/** The documented version; the API also accepts newer ones (api/anthropic.md §12). */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic Admin API invites and users (api/anthropic.md). */
export const anthropic: ProviderModule = {
  capabilities: {
    maxBatch: 1,
    createReplacesExisting: false,
    // Enterprise's published limits; Console's are undocumented, so the same, conservatively.
    rateWindows: ANTHROPIC_WINDOWS,
  },
  authHeaders: (apiKey) => ({ 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION }),
  create: ({ org, http }) => anthropicProvider(org, http),
};

function anthropicProvider(org: DesiredOrg, http: HttpClient): Provider {
  const { context, call } = apiCaller('anthropic', org.name, errorDetails);

  /**
   * Every item of a cursor-paginated list, following `last_id` while `has_more`. The cursor is
   * the server's: a cursor seen before, or a page of nothing new, is a loop, and no list takes
   * more than MAX_PAGES pages, so a server that never stops cannot keep us reading.
   */
  const readAll = async <T extends z.ZodType<{ id: string }>>(path: string, item: T, noun: string): Promise<Array<z.infer<T>>> => {
    const schema = pageSchema(item);
    const merged = itemsById<z.infer<T>>((entry) => entry.id, noun);
    const cursors = new Set<string>();
    for (let afterId: string | undefined, pageNumber = 1; ; pageNumber++) {
      const ctx = context('read', `GET ${path}${afterId ? `?after_id=${shownId(afterId)}` : ''}`);
      if (pageNumber > MAX_PAGES) throw new ProviderError(ctx, `the API still reports more ${noun}s after ${MAX_PAGES} pages; refusing to read on`);
      const response = await call(ctx, () => http.get(path, { limit: PAGE_SIZE, ...(afterId ? { after_id: afterId } : {}) }));
      const page = decode(schema, response.body, ctx) as { data: Array<z.infer<T>>; has_more: boolean; last_id: string | null };
      let fresh: number;
      try {
        fresh = merged.add(page.data);
      } catch (error) {
        if (error instanceof SnapshotMismatch) throw new ProviderError(ctx, `the pages are not one snapshot of the list: ${error.message}; run again`);
        throw error;
      }
      if (!page.has_more) return merged.items;
      if (page.data.length === 0 || page.last_id === null) throw new ProviderError(ctx, 'the API reported more pages but gave no items or no cursor to reach them');
      if (fresh === 0 || cursors.has(page.last_id)) {
        const why = fresh === 0 ? `holds only ${noun}s already read` : `leads back to cursor ${shownId(page.last_id)}`;
        throw new ProviderError(ctx, `the cursor loops: page ${pageNumber} ${why}`);
      }
      cursors.add(page.last_id);
      afterId = page.last_id;
    }
  };

  return {
    name: 'anthropic',
    async read() {
      const [invites, users] = await Promise.all([readAll('/v1/organizations/invites', inviteSchema, 'invite'), readAll('/v1/organizations/users', userSchema, 'user')]);
      return {
        // Deleted invites are gone (the API does not normally list them): they are no one's state.
        invites: invites.flatMap((invite) => (invite.status === 'deleted' ? [] : [toCurrentInvite({ ...invite, status: invite.status })])),
        members: users.map((user) => ({ email: normalizeEmail(user.email), access: user.role })),
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
        const response = await call(ctx, () => http.delete(`/v1/organizations/invites/${encodeURIComponent(inviteId)}`));
        const { requestId } = requestIdOf(response.headers);
        const answer = deletedSchema.safeParse(response.body);
        if (!answer.success || answer.data.id !== inviteId) throw unexpectedAnswer(ctx, 'the answer is not {"id": <this invite>, "type": "invite_deleted"}', requestId);
        return { value: 'deleted', ...(requestId ? { requestId } : {}) };
      } catch (error) {
        if (error instanceof ProviderError && error.status === 404) return { value: 'already-gone', ...(error.requestId ? { requestId: error.requestId } : {}) };
        throw error;
      }
    },
  };
}

function toCurrentInvite(invite: z.infer<typeof inviteSchema> & { status: CurrentInvite['status'] }): CurrentInvite {
  return {
    id: invite.id,
    email: normalizeEmail(invite.email),
    access: invite.role,
    status: invite.status,
    createdAt: invite.invited_at,
    expiresAt: invite.expires_at,
  };
}

function errorDetails(error: HttpError): ApiErrorDetails {
  const parsed = errorSchema.safeParse(error.body);
  const body = parsed.success ? parsed.data : undefined;
  const code = body?.error.details?.error_code ?? body?.error.type;
  const requestId = error.headers?.get('request-id') ?? body?.request_id;
  return {
    ...(code === undefined ? {} : { code }),
    ...(body?.error.message === undefined ? {} : { apiMessage: body.error.message }),
    ...(requestId ? { requestId } : {}),
  };
}

function requestIdOf(headers: Headers): { requestId?: string } {
  const id = headers.get('request-id');
  return id ? { requestId: id } : {};
}

