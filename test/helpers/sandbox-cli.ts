import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { runCli, type CliRun } from './cli.ts';

/** The shipped example config, which the demo seed's state matches. */
export const EXAMPLE_CONFIG = join(import.meta.dirname, '../../invites.example.yaml');

/** A sandbox with the demo's state, started afresh around each test of the calling file. */
export interface DemoSandbox {
  /** The current test's sandbox. */
  readonly sandbox: Sandbox;
  /** Every request but a GET the sandbox's APIs received (a read-only command must send none). */
  writes(): { method: string; path: string }[];
}

/** Starts a demo sandbox before each test of the calling file and closes it after. */
export function demoSandboxPerTest(): DemoSandbox {
  let current: Sandbox | undefined;
  beforeEach(async () => {
    current = await startSandbox({ seed: demoSeed() });
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get sandbox() {
      if (current === undefined) throw new Error('the demo sandbox runs only inside a test');
      return current;
    },
    writes: () => (current?.servers ?? []).flatMap((server) => server.log).filter((entry) => entry.method !== 'GET'),
  };
}

/** Runs the CLI with the sandbox's env (URLs and keys) on top of `extra`. */
export function runAgainst(sandbox: Sandbox, argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return runCli(argv, { env: { ...sandbox.env, ...options.env }, ...(options.cwd ? { cwd: options.cwd } : {}) });
}

/** Writes `text` as invites.yaml in a fresh temporary directory and returns the directory. */
export async function configDir(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'invitectl-'));
  await writeFile(join(dir, 'invites.yaml'), text);
  return dir;
}

/** A config with one org per provider, pointed at the sandbox through the env, with these invites. */
export function sandboxConfig(posthogInvites: string, anthropicInvites: string, extra = ''): string {
  return `version: 1
orgs:
  analytics:
    provider: posthog
    host: \${INVITECTL_POSTHOG_URL}
    organization_id: 0190a4f2-7c11-7000-8000-2f4c1d0a5e33
${extra}    invites:${posthogInvites || ' []'}
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
${extra}    invites:${anthropicInvites || ' []'}
`;
}
