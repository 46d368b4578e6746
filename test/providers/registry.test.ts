// A provider added through the registry alone: its config validates, maps to desired state, reads and plans.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { email, envName, orgCommon, origin, until } from '../../src/config/fields.ts';
import { desiredStateFrom } from '../../src/config/desired.ts';
import { checkConfigText } from '../../src/config/load.ts';
import { normalizeEmail, type DesiredOrg } from '../../src/model.ts';
import { fingerprintPlan } from '../../src/fingerprint.ts';
import { planChanges } from '../../src/plan.ts';
import { connect } from '../../src/providers/connect.ts';
import { cursorPageSchema, readCursorPages } from '../../src/providers/cursor-pages.ts';
import { apiCaller, decode } from '../../src/providers/failure.ts';
import type { Provider, ProviderModule } from '../../src/providers/provider.ts';
import { registerProvider } from '../../src/providers/registry.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { readCurrent } from '../../src/reconcile.ts';
import { redact } from '../../src/redact.ts';
import { renderPlan } from '../../src/render/index.ts';
import { checkSafety } from '../../src/safety.ts';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';

const GRADES = ['low', 'high'] as const;

const tinyOrgSchema = z.strictObject({
  provider: z.literal('tinyapi'),
  endpoint: origin,
  api_key_env: envName.default('TINY_API_KEY'),
  ...orgCommon,
  invites: z.array(z.strictObject({ email, grade: z.enum(GRADES).default('low'), until: until.optional() })).default([]),
});

const inviteWire = z.object({ id: z.string(), email: z.string(), grade: z.string(), created_at: z.string() });
const memberWire = z.object({ id: z.string(), email: z.string(), grade: z.string() });

/** A whole provider vertical in a few lines: what a new API's folder holds. */
function tinyClient(org: DesiredOrg, http: Parameters<ProviderModule['create']>[0]['http']): Provider {
  const { context, call } = apiCaller('tinyapi' as DesiredOrg['provider'], org.name, () => ({}));
  const list = <T extends z.ZodType<{ id: string }>>(path: string, item: T, noun: string) =>
    readCursorPages<z.infer<T>>({
      noun,
      contextOf: (afterId) => context('read', `GET ${path}${afterId ? `?after=${afterId}` : ''}`),
      fetchPage: async (afterId, ctx) => {
        const response = await call(ctx, () => http.get(path, afterId ? { after: afterId } : {}));
        return decode(cursorPageSchema(item), response.body, ctx) as { data: Array<z.infer<T>>; has_more: boolean; last_id: string | null };
      },
    });
  return {
    name: 'tinyapi' as Provider['name'],
    async read() {
      const [invites, members] = await Promise.all([list('/v0/invites', inviteWire, 'invite'), list('/v0/members', memberWire, 'member')]);
      return {
        invites: invites.map((invite) => ({ id: invite.id, email: normalizeEmail(invite.email), access: invite.grade, status: 'pending' as const, createdAt: invite.created_at })),
        members: members.map((member) => ({ email: normalizeEmail(member.email), access: member.grade })),
      };
    },
    async create() {
      throw new Error('not used in this test');
    },
    async delete() {
      throw new Error('not used in this test');
    },
    async updateMember() {
      throw new Error('not used in this test');
    },
    async removeMember() {
      throw new Error('not used in this test');
    },
  };
}

const tinyapi: ProviderModule = {
  name: 'tinyapi',
  title: 'TinyAPI',
  config: {
    accessField: 'grade',
    accessWords: GRADES,
    orgSchema: tinyOrgSchema,
    desiredOrg(parsed) {
      const org = parsed as z.infer<typeof tinyOrgSchema>;
      return {
        connection: { baseUrl: org.endpoint, apiKeyEnv: org.api_key_env },
        invites: org.invites.map((invite) => ({ email: normalizeEmail(invite.email), access: invite.grade })),
      };
    },
    originField: 'endpoint',
    defaultApiKeyEnv: 'TINY_API_KEY',
    hints: { level: 'level is another API\'s word; tinyapi invites take grade (low, high)' },
    remoteOrg: (_org, at, apiKeyEnv) => ({ identity: `${at} ${apiKeyEnv}`, field: 'endpoint', what: 'the same tinyapi endpoint and api_key_env' }),
    rateWindows: [],
    secretShapes: [{ pattern: /\btk_[A-Za-z0-9]{8,}/g, prefix: 'tk_' }],
  },
  capabilities: { maxBatch: 1, createReplacesExisting: false },
  authHeaders: (apiKey) => ({ 'x-tiny-key': apiKey }),
  create: ({ org, http }) => tinyClient(org, http),
};

/** Two pages of invites (bob, carol) and one of members (dave), behind the tiny API's key. */
function tinyServer(): Promise<HostileServer> {
  return startHostileServer((request, response: ServerResponse) => {
    if (request.headers['x-tiny-key'] !== 'tk_secretvalue123') return sendJson(response, 401, { error: 'bad key' });
    const url = new URL(request.url, 'http://x');
    const page = (data: unknown[], more: boolean) => ({ data, has_more: more, first_id: null, last_id: more ? 'cursor-1' : null });
    if (url.pathname === '/v0/invites' && !url.searchParams.has('after')) return sendJson(response, 200, page([{ id: 'i1', email: 'Bob@acme.com', grade: 'low', created_at: '2026-01-01T00:00:00Z' }], true));
    if (url.pathname === '/v0/invites') return sendJson(response, 200, page([{ id: 'i2', email: 'carol@acme.com', grade: 'low', created_at: '2026-01-01T00:00:00Z' }], false));
    if (url.pathname === '/v0/members') return sendJson(response, 200, page([{ id: 'm1', email: 'dave@acme.com', grade: 'high' }], false));
    return sendJson(response, 404, { error: 'no such path' });
  });
}

const configFor = (endpoint: string, extra = '') => `version: 1
orgs:
  tiny:
    provider: tinyapi
    endpoint: ${endpoint}
${extra}    invites:
      - email: alice@acme.com
        grade: high
      - email: bob@acme.com
      - email: dave@acme.com
        grade: high
`;

let unregister: (() => void) | undefined;
let server: HostileServer | undefined;
afterEach(async () => {
  unregister?.();
  unregister = undefined;
  await server?.close();
  server = undefined;
});

describe('a provider added through the registry alone', () => {
  it('validates its org, maps it to desired state, reads it through its client and plans it', async () => {
    unregister = registerProvider(tinyapi);
    server = await tinyServer();
    const checked = checkConfigText(configFor(server.url), 'tiny.yaml');
    if (!checked.ok) throw new Error(checked.problems.map((problem) => problem.message).join('\n'));
    const desired = desiredStateFrom(checked.config);
    expect(desired.orgs[0]).toMatchObject({ name: 'tiny', provider: 'tinyapi', connection: { baseUrl: server.url, apiKeyEnv: 'TINY_API_KEY' }, invites: [{ email: 'alice@acme.com', access: 'high' }, { email: 'bob@acme.com', access: 'low' }, { email: 'dave@acme.com', access: 'high' }] });

    const connections = connect(desired.orgs, { env: { TINY_API_KEY: 'tk_secretvalue123' }, readOnly: true, budgets: new RateBudgets() });
    const current = await readCurrent(connections);
    const plan = planChanges(desired, current, new Date('2026-02-01T00:00:00Z'));
    expect(plan.orgs[0]!.changes).toEqual([
      { org: 'tiny', action: 'delete', email: 'carol@acme.com', from: 'low', inviteId: 'i2', inviteStatus: 'pending' },
      { org: 'tiny', action: 'create', email: 'alice@acme.com', to: 'high' },
    ]);
    expect(plan.orgs[0]!.kept.map((kept) => `${kept.email} ${kept.reason}`).sort()).toEqual(['bob@acme.com unchanged', 'dave@acme.com member']);
    // The renderers and the safety check ask the registry too: the access is shown under the API's own word.
    const safety = checkSafety(plan, { tiny: desired.orgs[0]!.safety });
    const text = renderPlan('text', { plan, safety, fingerprint: fingerprintPlan(plan) }, { color: false, redactEmails: false });
    expect(text).toContain('grade: high');
    expect(safety['tiny']).toMatchObject({ ok: true, deletes: 1 });
    // Both pages and the members list were read, each with the module's own auth header.
    expect(server.seen.map((request) => request.url).sort()).toEqual(['/v0/invites', '/v0/invites?after=cursor-1', '/v0/members']);
  });

  it('explains its org with its own words: access values, other APIs\' keys, key shapes', () => {
    unregister = registerProvider(tinyapi);
    const checked = checkConfigText(configFor('https://tiny.example', '    level: admin\n').replace('grade: high', 'grade: top'), 'tiny.yaml');
    expect(checked.ok).toBe(false);
    const messages = checked.ok ? [] : checked.problems.map((problem) => `${problem.path}: ${problem.message}`);
    expect(messages).toContain("orgs.tiny.level: level is another API's word; tinyapi invites take grade (low, high)");
    expect(messages.some((message) => message.startsWith('orgs.tiny.invites[0].grade:'))).toBe(true);
    expect(redact('key tk_abcdefgh12345 leaked')).toBe('key tk_… leaked');
  });

  it('is gone once unregistered: the config refuses the provider', () => {
    registerProvider(tinyapi)();
    const checked = checkConfigText(configFor('https://tiny.example'), 'tiny.yaml');
    expect(checked.ok ? [] : checked.problems.map((problem) => problem.message)).toContain('expected provider to be one of posthog, anthropic, openai');
  });
});
