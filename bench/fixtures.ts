import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAnthropicSeed, type AnthropicSeed } from '../src/emulators/anthropic/index.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from '../src/emulators/posthog/index.ts';
import type { SandboxSeed } from '../src/emulators/seed.ts';

/** A CliIO that keeps what the CLI prints, so a scenario can report it on failure. */
export interface CapturedIO {
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  env: Record<string, string>;
  cwd: string;
  output(): { stdout: string; stderr: string };
}

/** Captures stdout and stderr of an in-process `main()` run. */
export function capturedIO(env: Record<string, string>, cwd: string): CapturedIO {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text) => ((stdout += text), true) },
    stderr: { write: (text) => ((stderr += text), true) },
    env,
    cwd,
    output: () => ({ stdout, stderr }),
  };
}

/** `new0@bench.example` … : the invitees a scenario creates. */
export function emails(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}@bench.example`);
}

/** Both default orgs with no pending invites, so a config of N invites plans exactly N creates. */
export function emptySeeds(): SandboxSeed {
  const posthog: PostHogSeed = { ...defaultPostHogSeed(), invites: [] };
  const anthropic: AnthropicSeed = { ...defaultAnthropicSeed(), invites: [] };
  return { posthog, anthropic };
}

/** Seeds with `invites` pending invites and `members` extra members per API (for the read scenario). */
export function bigSeeds(invites: number, members: number): SandboxSeed {
  const posthog = defaultPostHogSeed();
  const anthropic = defaultAnthropicSeed();
  const invitees = emails('pending', invites);
  const joined = emails('member', members);
  return {
    posthog: {
      ...posthog,
      users: [...(posthog.users ?? []), ...joined.map((email) => ({ email, memberships: [{ organization: DEFAULT_ORGANIZATION_ID, level: 1 as const }] }))],
      invites: invitees.map((email) => ({ organization: DEFAULT_ORGANIZATION_ID, email, level: 1 as const, age_days: 1 })),
    },
    anthropic: {
      ...anthropic,
      users: [...(anthropic.users ?? []), ...joined.map((email) => ({ email, role: 'user' as const, age_days: 1 }))],
      invites: invitees.map((email) => ({ email, role: 'user' as const, age_days: 1 })),
    },
  };
}

/** A config with one org per API pointed at the sandbox through its env, listing these invitees. */
export function sandboxConfig(posthogEmails: readonly string[], anthropicEmails: readonly string[]): string {
  const list = (items: readonly string[]) => (items.length === 0 ? ' []' : items.map((email) => `\n      - email: ${email}`).join(''));
  return `version: 1
safety: { max_deletes: 1000000 }
orgs:
  analytics:
    provider: posthog
    host: \${INVITECTL_POSTHOG_URL}
    organization_id: ${DEFAULT_ORGANIZATION_ID}
    invites:${list(posthogEmails)}
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    invites:${list(anthropicEmails)}
`;
}

/** Writes `text` as invites.yaml in a fresh temporary directory and returns the directory. */
export async function configDir(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'invitectl-bench-'));
  await writeFile(join(dir, 'invites.yaml'), text);
  return dir;
}
