// The executable as a process: a reader that stops early (`| head`, `| grep -q`) is a quiet exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/emulators/sandbox.ts';
import { bulkConfig } from './helpers/bulk-config.ts';
import { STACK_FRAME } from './helpers/cli.ts';
import { configDir } from './helpers/sandbox-cli.ts';
import { spawnCli } from './helpers/spawn-cli.ts';

let sandbox: Sandbox;
let cwd: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  // 2 × 1,500 creates: far more output than a pipe buffers, so the writes after the close fail.
  cwd = await configDir(bulkConfig(1500));
});
afterAll(async () => {
  await sandbox?.close();
});

describe('a closed stdout', () => {
  const plan = ['plan'];
  it.each([
    ['plan | head -2', plan, (out: string) => out.split('\n').length > 2],
    ['plan --format json | head -c 100', [...plan, '--format', 'json'], (out: string) => out.length >= 100],
    ['plan | grep -q', plan, (out: string) => out.includes('new7@acme.com')],
    ['plan with stdout closed before it starts', plan, () => true],
    ['--help | head -1', ['--help'], () => true],
  ])('%s: exits with the command\'s own code, nothing on stderr', async (_name, argv, enough) => {
    const run = await spawnCli(argv, { env: sandbox.env as Record<string, string>, reader: enough, cwd });
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|error/i);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.code).toBe(0);
  });
});
