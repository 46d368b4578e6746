import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_FRAME } from '../helpers/cli.ts';
import { configDir, demoSandboxPerTest, EXAMPLE_CONFIG, runAgainst, sandboxConfig } from '../helpers/sandbox-cli.ts';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/;

const demo = demoSandboxPerTest();

const writes = demo.writes;

describe('invitectl plan against the sandbox', () => {
  it('prints the JSON contract of DESIGN §4, with every kind of change, and sends no write', async () => {
    const run = await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({ format_version: 1, fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), summary: { create: 3, replace: 6, delete: 3 } });
    const [analytics, claude, openai] = plan.orgs;
    expect(analytics).toMatchObject({ name: 'acme-analytics', provider: 'posthog', unchanged: 1, members: 3, unmanaged: 1, safety: { ok: true } });
    expect(analytics.changes).toEqual([
      { action: 'delete', email: 'eve@acme.com', from: { level: 'member' } },
      { action: 'replace', email: 'alice@acme.com', reason: 'role', from: { level: 'member' }, to: { level: 'admin' }, first_name: 'Alice', message: 'Welcome to Acme analytics' },
      { action: 'replace', email: 'dan@acme.com', reason: 'expired', from: { level: 'member' }, to: { level: 'member' } },
      { action: 'create', email: 'bob@acme.com', to: { level: 'member' } },
    ]);
    expect(claude.changes.map((change: { action: string; email: string; reason?: string }) => [change.action, change.email, change.reason])).toEqual([
      ['delete', 'ivan@acme.com', undefined],
      ['replace', 'carol@acme.com', 'role'],
      ['replace', 'henry@acme.com', 'expired'],
      ['create', 'erin@acme.com', undefined],
    ]);
    expect(openai).toMatchObject({ name: 'acme-openai', provider: 'openai' });
    expect(openai.changes).toEqual([
      { action: 'delete', email: 'ivan@acme.com', from: { role: 'reader' } },
      { action: 'replace', email: 'carol@acme.com', reason: 'role', from: { role: 'reader' }, to: { role: 'owner' } },
      { action: 'replace', email: 'henry@acme.com', reason: 'expired', from: { role: 'reader' }, to: { role: 'reader' } },
      { action: 'create', email: 'erin@acme.com', to: { role: 'reader' }, projects: [{ id: 'proj_abc123', level: 'member' }] },
    ]);
    expect(writes()).toEqual([]);
  });

  it('--detailed-exitcode exits 2 with changes and 0 without', async () => {
    expect((await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG, '--detailed-exitcode'])).code).toBe(2);
    const dir = await configDir(
      sandboxConfig(
        '\n      - email: alice@acme.com\n      - email: frank@acme.com\n      - email: eve@acme.com\n      - email: mia@acme.com',
        '\n      - email: carol@acme.com\n      - email: ivan@acme.com\n        role: developer',
        '    reinvite_expired: false\n    ignore: ["*@contractors.acme.com"]\n',
      ),
    );
    const run = await runAgainst(demo.sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(run.stdout).toMatch(/No changes\./);
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('prints the text plan with a Terraform-like summary line', async () => {
    const run = await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG, '--no-color']);
    expect(run.stdout).toMatch(/^Plan: 3 to invite, 6 to re-invite, 3 to revoke\.$/m);
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('writes the plan file for apply with --out', async () => {
    const dir = await configDir(await readFile(EXAMPLE_CONFIG, 'utf8'));
    const run = await runAgainst(demo.sandbox, ['plan', '--format', 'json', '--out', 'plan.json'], { cwd: dir });
    const file = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    expect(file.fingerprint).toBe(JSON.parse(run.stdout).fingerprint);
    expect(file.apply).toMatchObject({ plan_file_version: 2, config: 'invites.yaml', config_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), redacted_emails: false, orgs: ['acme-analytics', 'acme-claude', 'acme-openai'] });
  });

  it('--redact-emails leaves no address in any format or the plan file', async () => {
    const dir = await configDir(await readFile(EXAMPLE_CONFIG, 'utf8'));
    for (const format of ['text', 'markdown', 'json']) {
      const run = await runAgainst(demo.sandbox, ['plan', '--redact-emails', '--format', format, '--out', 'plan.json'], { cwd: dir });
      expect(run.code).toBe(0);
      const unredacted = (text: string) => text.split(/\s+/).filter((word) => EMAIL.test(word) && !/\*\*\*@[^#\s]+#[0-9a-f]{6}/.test(word));
      expect(unredacted(run.stdout)).toEqual([]);
      expect(unredacted(await readFile(join(dir, 'plan.json'), 'utf8'))).toEqual([]);
    }
  });

  it('masks anything shaped like a key in a message, and names an --out it cannot write', async () => {
    const text = (await readFile(EXAMPLE_CONFIG, 'utf8')).replace('message: Welcome to Acme analytics', 'message: use phx_thisLooksLikeAKey0123456789');
    const dir = await configDir(text);
    const run = await runAgainst(demo.sandbox, ['plan', '--format', 'json'], { cwd: dir });
    expect(run.stdout).toContain('"message": "use phx_…"');
    expect(run.stdout).not.toContain('thisLooksLikeAKey');
    const unwritable = await runAgainst(demo.sandbox, ['plan', '--out', '.'], { cwd: dir });
    expect(unwritable).toMatchObject({ code: 1, stdout: '', stderr: '.: cannot write the plan file (EISDIR)\n' });
  });

  it('--org plans only the named orgs; an unknown name lists the real ones', async () => {
    const run = await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG, '--org', 'acme-claude', '--format', 'json']);
    expect(JSON.parse(run.stdout).orgs.map((org: { name: string }) => org.name)).toEqual(['acme-claude']);
    expect(demo.sandbox.posthog.log).toEqual([]);
    const unknown = await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG, '--org', 'nope']);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: `unknown org "nope" (orgs in ${EXAMPLE_CONFIG}: acme-analytics, acme-claude, acme-openai)\n` });
  });

  it('exits 1 with nothing on stdout when a read fails, naming the org and the API answer', async () => {
    const run = await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG], { env: { ANTHROPIC_ADMIN_API_KEY: 'sk-ant-admin01-notTheRightKeyAtAll' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^acme-claude \(anthropic\): GET \/v1\/organizations\/(invites|users) failed: 401 authentication_error: .+ \(request req_\w+\)\n$/);
    expect(run.stderr).not.toContain('notTheRightKeyAtAll');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('names a missing API key variable, never a value', async () => {
    const run = await runAgainst(demo.sandbox, ['plan', '-c', EXAMPLE_CONFIG], { env: { POSTHOG_PERSONAL_API_KEY: '' } });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'acme-analytics: environment variable POSTHOG_PERSONAL_API_KEY is not set (it must hold the posthog API key)\n' });
  });

  it('warns on stderr when an org trips the mass-delete guard', async () => {
    const dir = await configDir(sandboxConfig('', '', '    safety: { max_deletes: 0, max_delete_ratio: 0 }\n'));
    const run = await runAgainst(demo.sandbox, ['plan', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).orgs[0].safety.ok).toBe(false);
    expect(run.stderr).toMatch(/^warning: analytics: 4 revokes exceed max_deletes \(0\) and max_delete_ratio \(0 of 4 managed pending invites\); apply will refuse without --allow-mass-delete$/m);
  });
});

describe('invitectl import', () => {
  it('prints YAML that, used as the org\'s invites, plans zero changes', async () => {
    const example = await configDir(await readFile(EXAMPLE_CONFIG, 'utf8'));
    for (const org of ['acme-analytics', 'acme-claude']) {
      const imported = await runAgainst(demo.sandbox, ['import', '--org', org], { cwd: example });
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/^# .* pending invites?, read /);
      const invites = imported.stdout.split('\n').filter((line) => !line.startsWith('#') && line !== 'invites:').map((line) => `  ${line}`).join('\n');
      const provider = org === 'acme-analytics' ? 'posthog' : 'anthropic';
      // The example ignores contractors; the org they are pasted under does too.
      const ignore = '    ignore: ["*@contractors.acme.com"]\n';
      const dir = await configDir(provider === 'posthog' ? sandboxConfig(`\n${invites}`, '', ignore) : sandboxConfig('', `\n${invites}`, ignore));
      const run = await runAgainst(demo.sandbox, ['plan', '--detailed-exitcode', '--org', provider === 'posthog' ? 'analytics' : 'claude'], { cwd: dir });
      expect(run.stdout).toMatch(/No changes\./);
      expect(run.code).toBe(0);
    }
    expect(writes()).toEqual([]);
  });

  it('leaves out invites the org ignores, so the output can be pasted under the same org', async () => {
    const example = await configDir(await readFile(EXAMPLE_CONFIG, 'utf8'));
    const imported = await runAgainst(demo.sandbox, ['import', '--org', 'acme-analytics'], { cwd: example });
    expect(imported.stdout).toContain('# 1 pending invite matching ignore not listed: zed@contractors.acme.com');
    expect(imported.stdout).not.toMatch(/email: zed@contractors/);
  });
});
