import { defaultAnthropicSeed } from './anthropic/index.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed } from './posthog/index.ts';
import type { ResolvedSeed } from './seed.ts';

/**
 * The state that makes `invites.example.yaml` show every kind of change: an invite to send,
 * one to revoke, a role change, an expired invite, plus unchanged, member and ignored rows.
 */
export function demoSeed(): ResolvedSeed {
  const posthog = defaultPostHogSeed();
  const anthropic = defaultAnthropicSeed();
  const organization = DEFAULT_ORGANIZATION_ID;
  return {
    posthog: {
      ...posthog,
      invites: [
        { organization, email: 'alice@acme.com', level: 1, age_days: 1, created_by: 'olivia@acme.com' }, // → admin: re-invite (role)
        { organization, email: 'dan@acme.com', level: 1, age_days: 5, created_by: 'olivia@acme.com' }, // expired: re-invite
        { organization, email: 'frank@acme.com', level: 1, age_days: 1, created_by: 'olivia@acme.com' }, // unchanged
        { organization, email: 'eve@acme.com', level: 1, age_days: 2, created_by: 'olivia@acme.com' }, // not listed: revoke
        { organization, email: 'zed@contractors.acme.com', level: 1, age_days: 1, created_by: 'adam@acme.com' }, // ignored
      ],
    },
    anthropic: {
      ...anthropic,
      invites: [
        { email: 'carol@acme.com', role: 'user', age_days: 3 }, // → developer: re-invite (role)
        { email: 'henry@acme.com', role: 'user', age_days: 25 }, // expired: re-invite
        { email: 'ivan@acme.com', role: 'developer', age_days: 4 }, // not listed: revoke
      ],
    },
  };
}
