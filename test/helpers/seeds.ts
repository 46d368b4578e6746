import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from '../../src/emulators/posthog/index.ts';
import { defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/** The default PostHog seed plus `invites` pending invites and enough members to total `members`. */
export function bigPostHogSeed(invites: number, members: number): PostHogSeed {
  const seed = defaultPostHogSeed();
  const existing = seed.users?.filter((user) => user.memberships?.some((m) => m.organization === DEFAULT_ORGANIZATION_ID)).length ?? 0;
  return {
    ...seed,
    users: [
      ...(seed.users ?? []),
      ...range(members - existing).map((i) => ({ email: `member${i}@big.example`, memberships: [{ organization: DEFAULT_ORGANIZATION_ID, level: 1 as const }] })),
    ],
    invites: range(invites).map((i) => ({ organization: DEFAULT_ORGANIZATION_ID, email: `invitee${i}@big.example`, level: 1 as const, age_days: (i % 48) / 24 })),
  };
}

/** The default Anthropic seed plus `invites` pending invites and enough users to total `members`. */
export function bigAnthropicSeed(invites: number, members: number): AnthropicSeed {
  const seed = defaultAnthropicSeed();
  const existing = seed.users?.length ?? 0;
  return {
    ...seed,
    users: [...(seed.users ?? []), ...range(members - existing).map((i) => ({ email: `member${i}@big.example`, role: 'user' as const, age_days: 1 }))],
    invites: range(invites).map((i) => ({ email: `invitee${i}@big.example`, role: 'user' as const, age_days: (i % 48) / 24 })),
  };
}
