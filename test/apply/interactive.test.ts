import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { progressReporter } from '../../src/commands/progress.ts';
import type { ChangeResult } from '../../src/model.ts';

const EXAMPLE = join(import.meta.dirname, '../../invites.example.yaml');

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox.close();
});

const writes = () => [...sandbox.posthog.log, ...sandbox.anthropic.log].filter((entry) => entry.method !== 'GET');

/** Runs apply as if on a terminal, typing `answer` at the prompt. */
async function applyOnTerminal(answer: string | undefined, signal?: AbortSignal, env: Record<string, string> = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: true },
    stderr: Object.assign(new PassThrough(), { isTTY: true }),
    stdin,
    env: { ...sandbox.env, NO_COLOR: '1', ...env },
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
  };
  io.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // `undefined`: Ctrl-D, the end of input with nothing typed.
    if (stderr.includes('Only "yes" is accepted:') && !stdin.writableEnded) stdin.end(answer === undefined ? undefined : `${answer}\n`);
  });
  const code = await main(['apply', '-c', EXAMPLE], io);
  return { code, stdout, stderr };
}

describe('apply on a terminal', () => {
  it('asks, and applies on "yes" with a live counter', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await applyOnTerminal('yes');
    expect(run.stderr).toContain('Apply 12 changes? Only "yes" is accepted: ');
    expect(run.stderr).toMatch(/\r\x1b\[2K\[12\/12\] applying… \d+s elapsed/);
    expect(run.code).toBe(0);
    expect(writes().length).toBeGreaterThan(0);
  });

  it('redraws the counter without any escape on TERM=dumb', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await applyOnTerminal('yes', undefined, { TERM: 'dumb' });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\r\[12\/12\] applying… \d+s elapsed/);
    expect(run.stderr).not.toContain('\x1b');
  });

  it('writes nothing on any other answer', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await applyOnTerminal('y');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Apply cancelled. Nothing was written.');
    expect(writes()).toEqual([]);
  });

  it('takes Ctrl-D (the end of input) as a "no": exit 1, nothing written, one line', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await applyOnTerminal(undefined);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Only "yes" is accepted: \nApply cancelled\. Nothing was written\.\n$/);
    expect(writes()).toEqual([]);
  });
});

describe('progress', () => {
  const result = (outcome: ChangeResult['outcome']): ChangeResult => ({
    change: { org: 'acme', action: 'create', email: 'a@acme.com', to: 'member' },
    outcome,
    ...(outcome === 'failed' ? { failure: { message: 'Enter a valid email address.', status: 400, code: 'invalid_input' } } : {}),
  });

  it('prints one line per change without a terminal (CI logs)', () => {
    let text = '';
    const report = progressReporter({ write: (chunk: string) => (text += chunk) }, 2);
    report(result('applied'));
    report(result('failed'));
    expect(text).toBe('✓ acme: invite a@acme.com\n✗ acme: invite a@acme.com: failed: 400 invalid_input: Enter a valid email address.\n');
  });

  it('on a dumb terminal, blanks the drawn counter with spaces before a line takes its place', () => {
    let text = '';
    const report = progressReporter({ write: (chunk: string) => (text += chunk), isTTY: true }, 3, () => 0, true);
    report(result('applied'));
    report(result('failed'));
    report(result('applied'));
    const counter = '[1/3] applying… 0s elapsed';
    const failedCounter = '[2/3] applying… 1 failed · 0s elapsed';
    expect(text).toBe(
      `\r\r${counter}\r${' '.repeat(counter.length)}\r✗ acme: invite a@acme.com: failed: 400 invalid_input: Enter a valid email address.\n\r\r${failedCounter}` +
        `\r${' '.repeat(failedCounter.length)}\r[3/3] applying… 1 failed · 0s elapsed\n`,
    );
  });

  it('redraws one counter line on a terminal, keeping failures on screen', () => {
    let text = '';
    const report = progressReporter({ write: (chunk: string) => (text += chunk), isTTY: true }, 2, () => 0);
    report(result('failed'));
    report(result('applied'));
    expect(text).toBe(
      '\r\x1b[2K✗ acme: invite a@acme.com: failed: 400 invalid_input: Enter a valid email address.\n\r\x1b[2K[1/2] applying… 1 failed · 0s elapsed\r\x1b[2K[2/2] applying… 1 failed · 0s elapsed\n',
    );
  });
});

describe('interrupting apply', () => {
  it('stops starting new changes: the rest are skipped, exit 3, and a second apply converges', async () => {
    sandbox = await startSandbox({ seed: demoSeed(), faults: { seed: 1, latencyMs: 40 } });
    const controller = new AbortController();
    let stderr = '';
    const io = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => { stderr += text; if (stderr.includes('✓')) controller.abort(); return true; } },
      env: sandbox.env,
      cwd: process.cwd(),
      signal: controller.signal,
    };
    const code = await main(['apply', '-c', EXAMPLE, '--yes', '--concurrency', '1'], io);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^- .*: skipped: not attempted: apply was interrupted$/m);
    // Requests already queued behind the concurrency limit were not sent either.
    expect(writes().length).toBeLessThanOrEqual(2);
    const again = await main(['apply', '-c', EXAMPLE, '--yes'], { ...io, signal: new AbortController().signal });
    expect(again).toBe(0);
  });
});
