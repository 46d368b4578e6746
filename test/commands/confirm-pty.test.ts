// apply's confirmation prompt on a real terminal (a pty from util-linux `script`): Ctrl-D is a "no".
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { BIN, ROOT } from '../helpers/spawn-cli.ts';

const SCRIPT = '/usr/bin/script';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: demoSeed() });
});
afterAll(async () => {
  await sandbox?.close();
});

const writes = () => [...sandbox.posthog.log, ...sandbox.anthropic.log, ...sandbox.openai.log].filter((entry) => entry.method !== 'GET');

/** Runs `apply` on a pty and types `keys` once the prompt shows; returns the terminal's text and the exit code. */
function applyOnPty(keys: string): Promise<{ code: number | null; screen: string }> {
  const command = `'${process.execPath}' '${BIN}' apply -c invites.example.yaml`;
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm', NO_COLOR: '1', ...sandbox.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!typed && screen.includes('Only "yes" is accepted:')) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.runIf(existsSync(SCRIPT))('the apply prompt on a terminal', () => {
  it('takes Ctrl-D as a "no": exit 1, nothing written, one line, no unsettled-await warning', async () => {
    const { code, screen } = await applyOnPty('\x04');
    const after = screen.slice(screen.indexOf('Only "yes" is accepted:'));
    expect(after.replaceAll('\r', '')).toMatch(/^Only "yes" is accepted: \nApply cancelled\. Nothing was written\.\n$/);
    expect(screen).not.toMatch(/unsettled|Warning/i);
    expect(code).toBe(1);
    expect(writes()).toEqual([]);
  }, 60_000);
});
