import type { z } from 'zod';
import { normalizeEmail } from '../../config/desired.ts';
import type { HttpClient, HttpError } from '../../http.ts';
import { ANTHROPIC_WINDOWS } from '../../rate-budget.ts';
import type { CurrentInvite, DesiredOrg } from '../../model.ts';
import { ProviderError } from '../errors.ts';
import { apiCaller, decode, type ApiErrorDetails } from '../failure.ts';
import type { Provider, ProviderModule } from '../provider.ts';
import { errorSchema, inviteSchema, pageSchema, userSchema } from './schema.ts';

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

  /** Every item of a cursor-paginated list, following `last_id` while `has_more`. */
  const readAll = async <T extends z.ZodType>(path: string, item: T): Promise<Array<z.infer<T>>> => {
    const schema = pageSchema(item);
    const items: Array<z.infer<T>> = [];
    for (let afterId: string | undefined; ; ) {
      const ctx = context('read', `GET ${path}${afterId ? `?after_id=${afterId}` : ''}`);
      const response = await call(ctx, () => http.get(path, { limit: PAGE_SIZE, ...(afterId ? { after_id: afterId } : {}) }));
      const page = decode(schema, response.body, ctx) as { data: Array<z.infer<T>>; has_more: boolean; last_id: string | null };
      items.push(...page.data);
      if (!page.has_more) return items;
      if (page.last_id === null || page.last_id === afterId) throw new ProviderError(ctx, 'the API reported more pages but gave no cursor to reach them');
      afterId = page.last_id;
    }
  };

  return {
    name: 'anthropic',
    async read() {
      const [invites, users] = await Promise.all([readAll('/v1/organizations/invites', inviteSchema), readAll('/v1/organizations/users', userSchema)]);
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
      if (created.status !== 'pending') throw new ProviderError({ ...ctx, uncertain: true }, `the API answered with a ${created.status} invite`);
      return { value: [toCurrentInvite({ ...created, status: created.status })], ...requestIdOf(response.headers) };
    },
    async delete(inviteId) {
      const ctx = context('delete', `revoke invite ${inviteId}`);
      try {
        const response = await call(ctx, () => http.delete(`/v1/organizations/invites/${encodeURIComponent(inviteId)}`));
        return { value: 'deleted', ...requestIdOf(response.headers) };
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

