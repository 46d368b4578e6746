// One sandbox seed file with members of every role for all three APIs, read back and written over HTTP.
import { afterEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { checkSeedText } from '../../src/emulators/seed.ts';

const ORG = '0190a4f2-7c11-7000-8000-2f4c1d0a5e33';
const OWNER_KEY = 'phx_sandboxOnlyOwnerKey0123456789abcdefABCDEF';
const ADMIN_KEY = 'phx_sandboxOnlyAdminKey0123456789abcdefABCDEF';

const SEED = `
posthog:
  organizations: [{ id: ${ORG}, name: Acme }]
  users:
    - { email: olivia@acme.com, uuid: 0190a4f2-0000-7000-8000-000000000001, memberships: [{ organization: ${ORG}, level: 15 }] }
    - { email: adam@acme.com, uuid: 0190a4f2-0000-7000-8000-000000000002, memberships: [{ organization: ${ORG}, level: 8 }] }
    - { email: mia@acme.com, uuid: 0190a4f2-0000-7000-8000-000000000003, memberships: [{ organization: ${ORG}, level: 1 }] }
  personal_api_keys:
    - { value: ${OWNER_KEY}, user: olivia@acme.com, scopes: [organization_member:write] }
    - { value: ${ADMIN_KEY}, user: adam@acme.com, scopes: [organization_member:write] }
anthropic:
  organization: { id: 7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d, name: Acme Enterprise, edition: enterprise }
  api_keys: [{ key: sk-ant-admin01-sandboxOnlyEnterpriseKey0123 }]
  concurrent_membership_changes: 1
  users:
    - { id: user_po, email: pat@acme.com, role: primary_owner }
    - { id: user_o, email: olga@acme.com, role: owner }
    - { id: user_ma, email: mona@acme.com, role: membership_admin }
    - { id: user_m, email: max@acme.com, role: managed }
    - { id: user_u, email: uma@acme.com, role: user }
    - { id: user_s, email: sam@acme.com, role: user, scim_managed: true }
openai:
  organization: { id: org-AcmeCorp0123456789abcd, name: Acme Corp }
  api_keys: [{ key: sk-admin-sandboxOnlyAdminKey0123456789abcdef, kind: admin }]
  users:
    - { id: user_ada, email: ada@acme.com, role: owner, is_default: true }
    - { id: user_rae, email: rae@acme.com, role: reader }
    - { id: user_cus, email: cus@acme.com, role: member }
    - { id: user_ci, email: null, name: ci-deployer, role: reader, is_service_account: true }
    - { id: user_sam, email: sam@acme.com, role: reader, is_scim_managed: true }
`;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
});

async function json(url: string, init: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

it('seeds members of every role for PostHog, Anthropic (Enterprise) and OpenAI, which the member routes then serve', async () => {
  const checked = checkSeedText(SEED, 'members.yaml');
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  sandbox = await startSandbox({ seed: checked.seed });
  const ph = `${sandbox.env.INVITECTL_POSTHOG_URL}/api/organizations/${ORG}`;
  const members = await json(`${ph}/members/`, { headers: { authorization: `Bearer ${OWNER_KEY}` } });
  expect(members.body.results.map((m: { user: { email: string }; level: number }) => [m.user.email, m.level]).sort()).toEqual([['adam@acme.com', 8], ['mia@acme.com', 1], ['olivia@acme.com', 15]]);
  // The key's own user decides the rules: the admin key may not touch the owner, the owner key may.
  const asAdmin = await json(`${ph}/members/0190a4f2-0000-7000-8000-000000000001/`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  expect(asAdmin.body.detail).toBe('You can only edit others with level lower or equal to you.');
  expect((await json(`${ph}/members/0190a4f2-0000-7000-8000-000000000003/`, { method: 'DELETE', headers: { authorization: `Bearer ${OWNER_KEY}` } })).status).toBe(204);
  expect(sandbox.posthog.api.membersOf(ORG).map((m) => m.user.email).sort()).toEqual(['adam@acme.com', 'olivia@acme.com']);

  const an = sandbox.env.INVITECTL_ANTHROPIC_URL;
  const anHeaders = { 'x-api-key': 'sk-ant-admin01-sandboxOnlyEnterpriseKey0123' };
  const users = await json(`${an}/v1/organizations/users?limit=10`, { headers: anHeaders });
  expect(users.body.data.map((u: { role: string }) => u.role).sort()).toEqual(['managed', 'membership_admin', 'owner', 'primary_owner', 'user', 'user']);
  expect((await json(`${an}/v1/organizations/users/user_u`, { method: 'DELETE', headers: anHeaders })).status).toBe(409);
  expect((await json(`${an}/v1/organizations/users/user_s`, { method: 'DELETE', headers: anHeaders })).status).toBe(400);
  expect((await json(`${an}/v1/organizations/users/user_u`, { method: 'DELETE', headers: anHeaders })).status).toBe(200);
  expect(sandbox.anthropic.api.users().map((u) => u.id).sort()).toEqual(['user_m', 'user_ma', 'user_o', 'user_po', 'user_s']);

  const oa = sandbox.env.INVITECTL_OPENAI_URL;
  const oaHeaders = { authorization: 'Bearer sk-admin-sandboxOnlyAdminKey0123456789abcdef', 'content-type': 'application/json' };
  const listed = await json(`${oa}/v1/organization/users?limit=10`, { headers: oaHeaders });
  expect(listed.body.data.map((u: { id: string; role: string | null }) => `${u.id}:${u.role}`).sort()).toEqual(['user_ada:owner', 'user_ci:reader', 'user_cus:member', 'user_rae:reader', 'user_sam:reader']);
  expect((await json(`${oa}/v1/organization/users/user_rae`, { method: 'POST', headers: oaHeaders, body: JSON.stringify({ role: 'owner' }) })).body.role).toBe('owner');
  expect((await json(`${oa}/v1/organization/users/user_ci`, { method: 'DELETE', headers: oaHeaders })).body).toEqual({ object: 'organization.user.deleted', id: 'user_ci', deleted: true });
  expect(sandbox.openai.api.users().map((u) => `${u.id}:${u.role}`).sort()).toEqual(['user_ada:owner', 'user_cus:member', 'user_rae:owner', 'user_sam:reader']);
});
