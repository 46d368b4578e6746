import { defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from '../../src/emulators/posthog/index.ts';

/** Every key below contains this; no output may, since a mask keeps a key's prefix at most. */
export const MARK = 'SECRETSCAN';

export const KEYS = {
  posthog: 'phx_SECRETSCANposthogWrite7q2LmN9xP4sT8vK3hJ6',
  posthogRead: 'phx_SECRETSCANposthogRead0a1B2c3D4e5F6g7H8i9',
  /** A key of no vendor shape: only masked because the CLI registered it when it read it. */
  posthogShapeless: 'SECRETSCAN-shapeless-posthog-key-4f9a2c71',
  anthropic: 'sk-ant-admin01-SECRETSCANanthropicAdmin5r8T1uY4wQ7eZ0xC3vB6nM9AA',
  wrongPosthog: 'phx_SECRETSCANwrongPosthogKeyZ9y8X7w6V5u4T3s2',
  wrongAnthropic: 'sk-ant-admin01-SECRETSCANwrongAnthropicKeyQ1w2E3r4T5y6AA',
  github: 'ghs_SECRETSCANgithubToken1234567890abcdef',
} as const;

/** Both emulators seeded with the recognisable keys, a few invites to revoke and none of the config's. */
export function secretSeeds(): { posthog: PostHogSeed; anthropic: AnthropicSeed } {
  const posthog = defaultPostHogSeed();
  const [write, read] = posthog.personal_api_keys ?? [];
  const anthropic = defaultAnthropicSeed();
  return {
    posthog: {
      ...posthog,
      personal_api_keys: [
        { ...write!, value: KEYS.posthog },
        { ...read!, value: KEYS.posthogRead },
        { ...write!, value: KEYS.posthogShapeless, label: 'shapeless' },
      ],
      invites: [{ organization: DEFAULT_ORGANIZATION_ID, email: 'old@acme.com', level: 1, age_days: 1 }],
    },
    anthropic: { ...anthropic, api_keys: [{ key: KEYS.anthropic, name: 'scan' }] },
  };
}

/** The env a user would have: the right keys, plus a GitHub token that must never show either. */
export function secretEnv(urls: Readonly<Record<string, string>>): Record<string, string> {
  return {
    INVITECTL_POSTHOG_URL: urls['INVITECTL_POSTHOG_URL']!,
    INVITECTL_ANTHROPIC_URL: urls['INVITECTL_ANTHROPIC_URL']!,
    POSTHOG_PERSONAL_API_KEY: KEYS.posthog,
    ANTHROPIC_ADMIN_API_KEY: KEYS.anthropic,
    SCAN_SHAPELESS_KEY: KEYS.posthogShapeless,
    GITHUB_TOKEN: KEYS.github,
  };
}

/** A config for both APIs; `posthogKeyEnv` picks the variable the PostHog org reads its key from. */
export function secretConfig(posthogKeyEnv = 'POSTHOG_PERSONAL_API_KEY', host = '${INVITECTL_POSTHOG_URL}'): string {
  return `version: 1
orgs:
  analytics:
    provider: posthog
    host: ${host}
    organization_id: ${DEFAULT_ORGANIZATION_ID}
    api_key_env: ${posthogKeyEnv}
    invites:
      - email: alice@acme.com
        level: admin
      - email: bob@acme.com
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    invites:
      - email: carol@acme.com
        role: developer
      - email: dan@acme.com
`;
}
