// Control and bidi characters in API answers never reach a terminal, a log or a job summary (#11.2).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';

const HOSTILE = 'refused \u001b[31mred\u001b[0m \u202egnp.exe \u009b2J \u2066x\u2069 done';
/** ESC, CSI, RLO, LRI/PDI: none may be printed raw. */
const UNSAFE = /[\u001b\u009b\u202e\u2066\u2069]/;
const ENV = { POSTHOG_PERSONAL_API_KEY: 'phx_hostileOutputTestKey0123456789', ANTHROPIC_ADMIN_API_KEY: 'sk-ant-admin01-hostileOutputTestKey0123' };
const EMPTY_PAGE = { data: [], has_more: false, first_id: null, last_id: null };

let server: HostileServer;
afterEach(async () => {
  await server.close();
});

async function dirWith(config: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'invitectl-hostile-'));
  await writeFile(join(dir, 'invites.yaml'), config);
  return dir;
}

const posthogConfig = (url: string) => `version: 1
orgs:
  analytics:
    provider: posthog
    host: ${url}
    organization_id: 0190a4f2-7c11-7000-8000-2f4c1d0a5e33
    invites:
      - email: alice@acme.com
`;

const anthropicConfig = (url: string) => `version: 1
orgs:
  claude:
    provider: anthropic
    base_url: ${url}
    invites:
      - email: carol@acme.com
`;

describe('control characters in API answers', () => {
  it('a 400 on a read whose message holds ESC and bidi characters: exit 1, none of them printed', async () => {
    server = await startHostileServer((_request, response) => sendJson(response, 400, { type: 'validation_error', code: 'invalid_input', detail: HOSTILE, attr: null }));
    const dir = await dirWith(posthogConfig(server.url));
    for (const argv of [['plan'], ['apply', '--yes']]) {
      const run = await runCli(argv, { cwd: dir, env: ENV });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('refused');
      expect(run.stderr).toContain('red');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(UNSAFE);
    }
    expect(server.seen.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('a 400 on a write: exit 3, and the report, progress, job summary and audit log hold no raw control character', async () => {
    server = await startHostileServer((request, response) => {
      if (request.method === 'GET') return sendJson(response, 200, EMPTY_PAGE);
      sendJson(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: HOSTILE }, request_id: 'req_\u001b[1mbold' });
    });
    const dir = await dirWith(anthropicConfig(server.url));
    const summary = join(dir, 'summary.md');
    const run = await runCli(['apply', '--yes', '--audit-log', 'audit.jsonl'], { cwd: dir, env: { ...ENV, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/claude +invite +carol@acme\.com +failed +400 invalid_request_error: refused \[31mred\[0m gnp\.exe 2J x done/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(UNSAFE);
    expect(await readFile(summary, 'utf8')).not.toMatch(UNSAFE);
    const audit = await readFile(join(dir, 'audit.jsonl'), 'utf8');
    expect(audit).not.toMatch(UNSAFE);
    // The audit log keeps the API's words exactly, escaped as JSON allows.
    expect(JSON.parse(audit.trim()).message).toBe(HOSTILE);
  });

  it('an email with control characters in a listed invite is shown without them in text and markdown, and escaped in JSON', async () => {
    const email = 'mallory\u001b[2j\u202e@acme.com';
    const invite = { id: 'invite_1', email, role: 'user', status: 'pending', invited_at: '2030-01-01T00:00:00Z', expires_at: '2030-01-20T00:00:00Z' };
    server = await startHostileServer((request, response) => {
      sendJson(response, 200, request.url.startsWith('/v1/organizations/invites') ? { data: [invite], has_more: false, first_id: 'invite_1', last_id: 'invite_1' } : EMPTY_PAGE);
    });
    const dir = await dirWith(anthropicConfig(server.url));
    for (const format of ['text', 'markdown', 'json']) {
      const run = await runCli(['plan', '--format', format, '--out', 'plan.json'], { cwd: dir, env: ENV });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('mallory');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(UNSAFE);
      expect(await readFile(join(dir, 'plan.json'), 'utf8')).not.toMatch(UNSAFE);
      if (format === 'json') expect(JSON.parse(run.stdout).orgs[0].changes).toContainEqual({ action: 'delete', email, from: { role: 'user' } });
    }
  });
});

describe('input files are never echoed', () => {
  it('a config that is not YAML config (.env, /etc/passwd) is quoted as a short masked excerpt, in stderr and in annotations', async () => {
    const dir = await dirWith('');
    await writeFile(join(dir, '.env'), 'DATABASE_PASSWORD=correct-horse-battery-staple\nAPI_TOKEN=abcdefghijklmnop\n');
    await writeFile(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    for (const file of ['.env', 'passwd']) {
      const run = await runCli(['validate', '-c', file], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^${file.replace('.', '\\.')}:1:1: `));
      for (const secret of ['horse', 'battery', 'abcdefghijklmnop', '/bin/bash', 'nologin']) expect(run.stderr).not.toContain(secret);
    }
  });
});
