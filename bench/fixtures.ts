// Seeds, configs and invitee lists the bench scenarios share.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAnthropicSeed, type AnthropicSeed } from '../src/emulators/anthropic/index.ts';
import { defaultOpenAISeed, type OpenAISeed } from '../src/emulators/openai/index.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from '../src/emulators/posthog/index.ts';
import type { SandboxSeed } from '../src/emulators/seed.ts';

/** `new0@bench.example` … : the invitees a scenario creates. */
export function emails(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}@bench.example`);
}

/** The three default orgs with no pending invites, so a config of N invites plans exactly N creates. */
export function emptySeeds(): SandboxSeed {
  const posthog: PostHogSeed = { ...defaultPostHogSeed(), invites: [] };
  const anthropic: AnthropicSeed = { ...defaultAnthropicSeed(), invites: [] };
  const openai: OpenAISeed = { ...defaultOpenAISeed(), invites: [] };
  return { posthog, anthropic, openai };
}

/** How many of an org's listed people hold a pending invite and how many are members. */
export interface OrgMix {
  invites: number;
  members: number;
}

/** Seeds whose orgs hold `pending0…` invites and `member0…` members (on top of the default seed's), per API. */
export function bigSeeds(posthogMix: OrgMix, anthropicMix: OrgMix): SandboxSeed {
  const posthog = defaultPostHogSeed();
  const anthropic = defaultAnthropicSeed();
  return {
    posthog: {
      ...posthog,
      users: [...(posthog.users ?? []), ...emails('member', posthogMix.members).map((email) => ({ email, memberships: [{ organization: DEFAULT_ORGANIZATION_ID, level: 1 as const }] }))],
      invites: emails('pending', posthogMix.invites).map((email) => ({ organization: DEFAULT_ORGANIZATION_ID, email, level: 1 as const, age_days: 1 })),
    },
    anthropic: {
      ...anthropic,
      users: [...(anthropic.users ?? []), ...emails('member', anthropicMix.members).map((email) => ({ email, role: 'user' as const, age_days: 1 }))],
      invites: emails('pending', anthropicMix.invites).map((email) => ({ email, role: 'user' as const, age_days: 1 })),
    },
  };
}

/** The people a config lists for an org seeded with `mix`: every pending invitee and every member, so the plan has no changes. */
export function listedFor(mix: OrgMix): string[] {
  return [...emails('pending', mix.invites), ...emails('member', mix.members)];
}

/** A config with one org per API (OpenAI's optional) pointed at the sandbox through its env, listing these invitees; `undefined` leaves that API's org out. */
export function sandboxConfig(posthogEmails: readonly string[] | undefined, anthropicEmails: readonly string[] | undefined, openaiEmails?: readonly string[]): string {
  const list = (items: readonly string[]) => (items.length === 0 ? ' []' : items.map((email) => `\n      - email: ${email}`).join(''));
  const posthog = posthogEmails && `
  analytics:
    provider: posthog
    host: \${INVITECTL_POSTHOG_URL}
    organization_id: ${DEFAULT_ORGANIZATION_ID}
    invites:${list(posthogEmails)}`;
  const anthropic = anthropicEmails && `
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    invites:${list(anthropicEmails)}`;
  const openai = openaiEmails && `
  openai:
    provider: openai
    base_url: \${INVITECTL_OPENAI_URL}
    invites:${list(openaiEmails)}`;
  return `version: 1
safety: { max_deletes: 1000000 }
orgs:${posthog ?? ''}${anthropic ?? ''}${openai ?? ''}
`;
}

const dirs: string[] = [];

/** Writes `text` as invites.yaml in a fresh temporary directory and returns the directory. */
export async function configDir(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'invitectl-bench-'));
  dirs.push(dir);
  await writeFile(join(dir, 'invites.yaml'), text);
  return dir;
}

/** Deletes every directory configDir made (the big configs are megabytes). */
export async function removeConfigDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
