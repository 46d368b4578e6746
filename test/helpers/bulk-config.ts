import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from '../../src/emulators/posthog/index.ts';
import { defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { sandboxConfig } from './sandbox-cli.ts';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/** `count` invite entries for the config, as YAML list items under `invites:`. */
export function inviteLines(prefix: string, count: number, extra = ''): string {
  return range(count).map((i) => `\n      - email: ${prefix}${i}@acme.com${extra}`).join('');
}

/** A config asking for `creates` new invitees per API, with loose safety limits and contractors ignored. */
export function bulkConfig(creates: number): string {
  return sandboxConfig(inviteLines('new', creates), inviteLines('new', creates), '    safety: { max_deletes: 100000 }\n    ignore: ["*@contractors.acme.com"]\n');
}

/** Seeds with `deletes` pending invites nobody wants and `ignored` pending contractor invites, per API. */
export function bulkSeeds(deletes: number, ignored: number): { posthog: PostHogSeed; anthropic: AnthropicSeed } {
  const posthog = defaultPostHogSeed();
  const anthropic = defaultAnthropicSeed();
  const emails = [...range(deletes).map((i) => `old${i}@acme.com`), ...range(ignored).map((i) => `c${i}@contractors.acme.com`)];
  return {
    posthog: { ...posthog, invites: emails.map((email) => ({ organization: DEFAULT_ORGANIZATION_ID, email, level: 1 as const, age_days: 1 })) },
    anthropic: { ...anthropic, invites: emails.map((email) => ({ email, role: 'user' as const, age_days: 1 })) },
  };
}
