// `invitectl sandbox --write-env` and `-- COMMAND`: the settings handed over only once the sandbox listens.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { BIN, ROOT } from '../helpers/spawn-cli.ts';

const KEYS = ['INVITECTL_POSTHOG_URL', 'INVITECTL_ANTHROPIC_URL', 'INVITECTL_OPENAI_URL', 'POSTHOG_PERSONAL_API_KEY', 'ANTHROPIC_ADMIN_API_KEY', 'POSTHOG_ORGANIZATION_ID', 'OPENAI_ADMIN_KEY'];

function capture(cwd: string, signal?: AbortSignal) {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env: { PATH: process.env['PATH'] ?? '' },
    cwd,
    ...(signal ? { signal } : {}),
  };
  return { out, io };
}

const exists = (file: string) => stat(file).then(() => true, () => false);

describe('invitectl sandbox -- COMMAND', () => {
  it('runs the command with the settings, once listening, and exits with its code', async () => {
    const { out, io } = capture(ROOT);
    const code = await main(['sandbox', '--port', '0', '--demo', '--', process.execPath, BIN, 'plan', '-c', 'invites.example.yaml'], io);
    expect(out.stderr).toContain('running');
    expect(out.stdout).toMatch(/acme-analytics/);
    expect(out.stdout).toMatch(/\+ /);
    expect(code).toBe(0);
  }, 60_000);

  it("passes the command's exit code on, and refuses an empty command", async () => {
    const { io } = capture(ROOT);
    expect(await main(['sandbox', '--port', '0', '--', process.execPath, '-e', 'process.exit(process.env.INVITECTL_POSTHOG_URL ? 7 : 9)'], io)).toBe(7);
    const empty = capture(ROOT);
    expect(await main(['sandbox', '--port', '0', '--'], empty.io)).toBe(1);
    expect(empty.out.stderr).toMatch(/^invitectl sandbox: nothing to run after --/);
  }, 60_000);
});

describe('invitectl sandbox --write-env', () => {
  it('writes the file whole once listening (never seen partial), and removes it on exit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invitectl-env-'));
    const file = join(dir, 'sandbox.env');
    await writeFile(file, 'STALE=1\n');
    const stop = new AbortController();
    const { io } = capture(dir, stop.signal);
    const running = main(['sandbox', '--port', '0', '--write-env', 'sandbox.env'], io);
    let text = '';
    for (let i = 0; i < 20_000 && !text.includes('INVITECTL_SANDBOX_PID'); i++) {
      text = await readFile(file, 'utf8').catch(() => '');
      // Any read of the file is either the old one gone or the new one complete.
      if (text !== '' && !text.includes('STALE')) expect(text).toMatch(/INVITECTL_SANDBOX_PID=\d+\n$/);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const env = Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
    for (const key of KEYS) expect(env[key]).toBeTruthy();
    expect(env['INVITECTL_SANDBOX_PID']).toBe(String(process.pid));
    expect((await fetch(`${env['INVITECTL_ANTHROPIC_URL']}/v1/organizations/invites`, { headers: { 'x-api-key': env['ANTHROPIC_ADMIN_API_KEY']!, 'anthropic-version': '2023-06-01' } })).status).toBe(200);
    expect((await stat(file)).mode & 0o077).toBe(0);
    stop.abort();
    expect(await running).toBe(0);
    expect(await exists(file)).toBe(false);
  }, 60_000);

  it('leaves no file (not even an old one) when the sandbox cannot start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dir = await mkdtemp(join(tmpdir(), 'invitectl-env-'));
      await writeFile(join(dir, 'sandbox.env'), 'STALE=1\n');
      const { out, io } = capture(dir);
      expect(await main(['sandbox', '--port', String(port), '--write-env', 'sandbox.env'], io)).toBe(1);
      expect(out.stderr).toMatch(/cannot start/);
      expect(await exists(join(dir, 'sandbox.env'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("the README's lines work when pasted into sh: wait for the file, load it, plan, stop the sandbox", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invitectl-env-'));
    const invitectl = `'${process.execPath}' '${BIN}'`;
    const script = [
      'rm -f sandbox.env',
      `${invitectl} sandbox --demo --port 0 --write-env sandbox.env &`,
      'while [ ! -s sandbox.env ]; do sleep 0.1; done',
      'set -a; . ./sandbox.env; set +a',
      `${invitectl} plan -c '${join(ROOT, 'invites.example.yaml')}'; code=$?`,
      'kill "$INVITECTL_SANDBOX_PID"; wait',
      '[ ! -e sandbox.env ] || exit 99',
      'exit $code',
    ].join('\n');
    const { stdout } = await promisify(execFile)('sh', ['-c', script], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 });
    expect(stdout).toMatch(/acme-analytics/);
  }, 60_000);
});
