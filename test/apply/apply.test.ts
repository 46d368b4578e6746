import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { bulkConfig, bulkSeeds, inviteLines } from '../helpers/bulk-config.ts';
import { configDir, runAgainst, sandboxConfig } from '../helpers/sandbox-cli.ts';

const EXAMPLE = join(import.meta.dirname, '../../invites.example.yaml');

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox.close();
});

const writes = () => [...sandbox.posthog.log, ...sandbox.anthropic.log].filter((entry) => entry.method !== 'GET');
const pendingPostHog = () => sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).filter((invite) => !invite.is_expired);
const pendingAnthropic = () => sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending');

describe('invitectl apply against the sandbox', () => {
  it('applies create, delete, replace (role) and replace (expired) on both APIs; plan then shows no changes', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await runAgainst(sandbox, ['apply', '-c', EXAMPLE, '--yes']);
    expect(run.stderr).toMatch(/✓ acme-analytics: revoke eve@acme\.com/);
    expect(run.stdout).toMatch(/^Apply: 12 applied, 0 confirmed, 0 failed, 0 skipped\.$/m);
    expect(run.code).toBe(0);
    const after = await runAgainst(sandbox, ['plan', '-c', EXAMPLE, '--detailed-exitcode']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/No changes\./);

    expect(pendingPostHog().map((invite) => [invite.target_email, invite.level]).sort()).toEqual([
      ['alice@acme.com', 8],
      ['bob@acme.com', 1],
      ['dan@acme.com', 1],
      ['frank@acme.com', 1],
      ['zed@contractors.acme.com', 1],
    ]);
    expect(pendingAnthropic().map((invite) => [invite.email, invite.role]).sort()).toEqual([
      ['carol@acme.com', 'developer'],
      ['erin@acme.com', 'user'],
      ['henry@acme.com', 'user'],
    ]);
    for (const email of ['alice@acme.com', 'bob@acme.com', 'dan@acme.com']) expect(sandbox.posthog.api.emailsSent(email)).toBe(1);
    for (const email of ['carol@acme.com', 'erin@acme.com', 'henry@acme.com']) expect(sandbox.anthropic.api.emailsSent(email)).toBe(1);
  });

  it('sends PostHog creates in batches of at most 20, never more requests in flight per key than --concurrency', async () => {
    sandbox = await startSandbox({ faults: { seed: 1, latencyMs: 15 } });
    const dir = await configDir(bulkConfig(130));
    const run = await runAgainst(sandbox, ['apply', '--yes', '--concurrency', '3'], { cwd: dir });
    expect(run.code).toBe(0);
    const posts = sandbox.posthog.log.filter((entry) => entry.method === 'POST');
    expect(posts.map((entry) => (entry.body as unknown[]).length)).toEqual(expect.arrayContaining([20]));
    expect(Math.max(...posts.map((entry) => (entry.body as unknown[]).length))).toBeLessThanOrEqual(20);
    expect(posts).toHaveLength(7); // ⌈130 / 20⌉
    for (const server of [sandbox.posthog, sandbox.anthropic]) {
      const inFlight = Object.values(server.stats().maxInFlightByCredential);
      expect(Math.max(...inFlight)).toBeLessThanOrEqual(3);
    }
    expect(sandbox.anthropic.stats().maxInFlight).toBe(3);
  });

  it('refuses, writing nothing, when the mass-delete guard trips; --allow-mass-delete lets it through', async () => {
    sandbox = await startSandbox({ seed: bulkSeeds(12, 0) });
    const dir = await configDir(sandboxConfig('', ''));
    const refused = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^refusing to apply: the mass-delete guard tripped; nothing was written\.\n  analytics: 12 revokes exceed max_deletes \(5\) and max_delete_ratio \(0.25 of 12 managed pending invites\)/);
    expect(writes()).toEqual([]);
    const allowed = await runAgainst(sandbox, ['apply', '--yes', '--allow-mass-delete'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(pendingPostHog()).toEqual([]);
  });

  it('refuses a stale plan file and a mismatched --expect-fingerprint, writing nothing; applies a current one without asking', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(await readFile(EXAMPLE, 'utf8'));
    await runAgainst(sandbox, ['plan', '--out', 'plan.json'], { cwd: dir });
    const wrong = `sha256:${'0'.repeat(64)}`;
    const mismatched = await runAgainst(sandbox, ['apply', '--yes', '--expect-fingerprint', wrong], { cwd: dir });
    expect(mismatched.code).toBe(1);
    expect(mismatched.stderr).toMatch(/^refusing to apply: the plan is stale/);
    // Someone accepts an invite after the plan was reviewed: the reviewed plan no longer holds.
    sandbox.posthog.api.acceptInvite(DEFAULT_ORGANIZATION_ID, 'eve@acme.com');
    const stale = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^refusing to apply: the plan is stale \(expected sha256:[0-9a-f]{64}, the APIs and config now give sha256:[0-9a-f]{64}\)/);
    expect(writes()).toEqual([]);
    await runAgainst(sandbox, ['plan', '--out', 'plan.json'], { cwd: dir });
    const fresh = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(fresh.code).toBe(0);
    expect(writes().length).toBeGreaterThan(0);
  });

  it('an invitee the API rejects fails alone: the rest are applied, the summary names it, exit 3', async () => {
    const seed = demoSeed();
    seed.anthropic = { ...seed.anthropic, organization: { ...seed.anthropic.organization, allowed_email_domains: ['acme.com'] }, invites: [] };
    sandbox = await startSandbox({ seed });
    const dir = await configDir(sandboxConfig('', inviteLines('ok', 3) + '\n      - email: mallory@elsewhere.example' + inviteLines('fine', 2)));
    const run = await runAgainst(sandbox, ['apply', '--yes', '--org', 'claude'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^Apply: 5 applied, 0 confirmed, 1 failed, 0 skipped\.$/m);
    expect(run.stdout).toMatch(/claude +invite +mallory@elsewhere\.example +failed +400 email_domain_not_allowed: .+ +req_\w+$/m);
    expect(pendingAnthropic().map((invite) => invite.email).sort()).toEqual(['fine0@acme.com', 'fine1@acme.com', 'ok0@acme.com', 'ok1@acme.com', 'ok2@acme.com']);
  });

  it('isolates an invitee PostHog refuses inside a bulk batch', async () => {
    const seed = demoSeed();
    // An admin's key cannot invite an owner (403, no field named): the batch is split to find who.
    seed.posthog = { ...seed.posthog, invites: [], personal_api_keys: [{ value: 'phx_adminKeyForTheTestOnly1234567890', user: 'adam@acme.com', scopes: ['organization_member:write'] }] };
    sandbox = await startSandbox({ seed });
    const dir = await configDir(sandboxConfig(inviteLines('a', 4) + '\n      - email: boss@acme.com\n        level: owner' + inviteLines('b', 4), ''));
    const run = await runAgainst(sandbox, ['apply', '--yes', '--org', 'analytics'], { cwd: dir, env: { POSTHOG_PERSONAL_API_KEY: 'phx_adminKeyForTheTestOnly1234567890' } });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/analytics +invite +boss@acme\.com +failed +403 permission_denied: You cannot invite a user with a higher permission level than your own\./);
    expect(pendingPostHog()).toHaveLength(8);
    for (const invite of pendingPostHog()) expect(sandbox.posthog.api.emailsSent(invite.target_email ?? undefined)).toBe(1);
  });

  it('writes one audit line per attempted change, with no secret', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(await readFile(EXAMPLE, 'utf8'));
    await runAgainst(sandbox, ['apply', '--yes', '--audit-log', 'audit.jsonl'], { cwd: dir });
    const text = await readFile(join(dir, 'audit.jsonl'), 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      expect(line).toMatchObject({ time: expect.any(String), org: expect.any(String), action: expect.stringMatching(/^(create|replace|delete)$/), email: expect.any(String), outcome: 'applied' });
      expect(Object.keys(line)).toContain('request_id');
    }
    expect(lines.filter((line) => line.org === 'acme-claude').every((line) => /^req_/.test(line.request_id))).toBe(true);
    for (const secret of [sandbox.env['POSTHOG_PERSONAL_API_KEY']!, sandbox.env['ANTHROPIC_ADMIN_API_KEY']!]) expect(text).not.toContain(secret);
  });

  it('without a terminal refuses to apply unless --yes, writing nothing', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await runAgainst(sandbox, ['apply', '-c', EXAMPLE]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('refusing to apply without confirmation: pass --yes (or a plan file from invitectl plan --out). Nothing was written.\n');
    expect(writes()).toEqual([]);
  });

  it('says so when there is nothing to apply', async () => {
    sandbox = await startSandbox();
    // The default sandbox: no PostHog invites; Anthropic has eve pending as developer (and an expired one).
    const dir = await configDir(sandboxConfig('', '\n      - email: eve@acme.com\n        role: developer'));
    const run = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: 'No changes. Nothing to apply.\n' });
  });

  it('never re-sends a create whose success answer could not be read: it re-reads and confirms', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const api = sandbox.posthog.api;
    const handle = api.handle.bind(api);
    // The bulk call succeeds, but its answer is missing every invite's id.
    api.handle = (request) => {
      const response = handle(request);
      if (request.method !== 'POST' || !Array.isArray(response.body)) return response;
      return { ...response, body: (response.body as Array<Record<string, unknown>>).map(({ id: _id, ...rest }) => rest) };
    };
    const run = await runAgainst(sandbox, ['apply', '-c', EXAMPLE, '--yes', '--org', 'acme-analytics']);
    expect(run.stdout).toMatch(/^Apply: 1 applied, 3 confirmed, 0 failed, 0 skipped\.$/m);
    expect(run.code).toBe(0);
    expect(sandbox.posthog.log.filter((entry) => entry.method === 'POST')).toHaveLength(1);
    for (const email of ['alice@acme.com', 'bob@acme.com', 'dan@acme.com']) expect(api.emailsSent(email)).toBe(1);
  });

  it('refuses an audit log it cannot open before reading anything, in one line', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await runAgainst(sandbox, ['apply', '-c', EXAMPLE, '--yes', '--audit-log', '.']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: '.: cannot open the audit log (EISDIR)\n' });
    expect([...sandbox.posthog.log, ...sandbox.anthropic.log]).toEqual([]);
  });
});
