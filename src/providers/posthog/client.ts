import { normalizeEmail } from '../../config/desired.ts';
import type { HttpClient, HttpError } from '../../http.ts';
import type { CurrentInvite, CurrentMember, DesiredOrg } from '../../model.ts';
import { POSTHOG_WINDOWS } from '../../rate-budget.ts';
import { ProviderError } from '../errors.ts';
import { apiCaller, decode, type ApiErrorDetails } from '../failure.ts';
import type { InviteToSend, Provider, ProviderModule } from '../provider.ts';
import { bulkResponseSchema, errorSchema, inviteSchema, LEVEL_NAMES, LEVEL_NUMBERS, memberSchema, pageSchema } from './schema.ts';
import type { z } from 'zod';

/** PostHog's LimitOffsetPagination has no maximum; a large page keeps reads to a few requests. */
export const PAGE_SIZE = 1000;

/** The "already a member" check runs per item inside bulk, after earlier items were saved. */
const ALREADY_MEMBER = 'A user with this email address already belongs to the organization.';

/** PostHog organization invites (api/posthog.md). */
export const posthog: ProviderModule = {
  capabilities: {
    maxBatch: 20,
    createReplacesExisting: true,
    rateWindows: POSTHOG_WINDOWS,
  },
  authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  create: ({ org, http }) => postHogProvider(org, http),
};

function postHogProvider(org: DesiredOrg, http: HttpClient): Provider {
  const base = `/api/organizations/${org.connection.organizationId ?? '@current'}`;
  const { context, call } = apiCaller('posthog', org.name, errorDetails);

  /** Every item of a paginated list; the count must agree on every page, or the list moved under us. */
  const readAll = async <T extends z.ZodType>(path: string, item: T): Promise<Array<z.infer<T>>> => {
    const schema = pageSchema(item);
    for (let attempt = 1; ; attempt++) {
      const items: Array<z.infer<T>> = [];
      let count: number | undefined;
      let consistent = true;
      for (let offset = 0; ; ) {
        const ctx = context('read', `GET ${path}?offset=${offset}`);
        const response = await call(ctx, () => http.get(path, { limit: PAGE_SIZE, offset }));
        const page = decode(schema, response.body, ctx) as { count: number; next: string | null; results: Array<z.infer<T>> };
        if (count !== undefined && page.count !== count) consistent = false;
        count ??= page.count;
        items.push(...page.results);
        if (page.next === null) break;
        if (page.results.length === 0) throw new ProviderError(ctx, 'the API reported more pages but returned an empty one');
        offset += page.results.length;
      }
      if (consistent && items.length === count) return items;
      // Offset pages shift when someone invites while we read: start over once, then give up.
      if (attempt === 2) throw new ProviderError(context('read', `GET ${path}`), `the list changed while it was being read (${items.length} items, count ${count}); run again`);
    }
  };

  return {
    name: 'posthog',
    async read() {
      const [invites, members] = await Promise.all([readAll(`${base}/invites/`, inviteSchema), readAll(`${base}/members/`, memberSchema)]);
      return {
        invites: invites.map(toCurrentInvite),
        members: members.map((member): CurrentMember => ({ email: normalizeEmail(member.user.email), access: LEVEL_NAMES[member.level]! })),
      };
    },
    async create(invites) {
      const ctx = context('create', `invite ${invites.map((invite) => invite.email).join(', ')}`);
      const response = await call(ctx, () => http.post(`${base}/invites/bulk/`, invites.map(toWire))).catch((error: unknown) => {
        // A bulk call that fails on "already a member" may have saved (and emailed) the items before it.
        if (error instanceof ProviderError && error.apiMessage === ALREADY_MEMBER) throw new ProviderError({ ...ctx, status: 400, code: error.code, apiMessage: error.apiMessage, uncertain: true });
        throw error;
      });
      return { value: decode(bulkResponseSchema, response.body, ctx).map(toCurrentInvite), ...requestIdOf(response.headers) };
    },
    async delete(inviteId) {
      const ctx = context('delete', `revoke invite ${inviteId}`);
      try {
        const response = await call(ctx, () => http.delete(`${base}/invites/${encodeURIComponent(inviteId)}/`));
        return { value: 'deleted', ...requestIdOf(response.headers) };
      } catch (error) {
        // 404 "Not found." is an invite already gone; "Organization not found." is a real error.
        if (error instanceof ProviderError && error.status === 404 && error.apiMessage !== 'Organization not found.') {
          return { value: 'already-gone', ...(error.requestId ? { requestId: error.requestId } : {}) };
        }
        throw error;
      }
    },
  };
}

function toWire(invite: InviteToSend): Record<string, unknown> {
  return {
    target_email: invite.email,
    level: LEVEL_NUMBERS[invite.access],
    ...(invite.firstName === undefined ? {} : { first_name: invite.firstName }),
    ...(invite.message === undefined ? {} : { message: invite.message }),
    send_email: true,
  };
}

function toCurrentInvite(invite: z.infer<typeof inviteSchema>): CurrentInvite {
  return {
    id: invite.id,
    email: normalizeEmail(invite.target_email),
    access: LEVEL_NAMES[invite.level]!,
    status: invite.is_expired ? 'expired' : 'pending',
    createdAt: invite.created_at,
  };
}

function errorDetails(error: HttpError): ApiErrorDetails {
  const parsed = errorSchema.safeParse(error.body);
  const body = parsed.success ? parsed.data : {};
  const index = /^__(\d+)__/.exec(body.attr ?? '')?.[1];
  return {
    ...(body.code === undefined ? {} : { code: body.code }),
    ...(body.detail === undefined ? {} : { apiMessage: body.detail }),
    ...(index === undefined ? {} : { itemIndex: Number(index) }),
    ...(error.headers ? requestIdOf(error.headers) : {}),
  };
}

/** PostHog documents no request id; a proxy's `x-request-id` is passed on when present. */
function requestIdOf(headers: Headers): { requestId?: string } {
  const id = headers.get('x-request-id');
  return id ? { requestId: id } : {};
}

