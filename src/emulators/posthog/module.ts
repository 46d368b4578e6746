// PostHog's entry in the emulator registry: seed, demo state, port and the env the sandbox prints.
import type { EmulatorModule } from '../module.ts';
import { demoPostHogSeed } from './demo-seed.ts';
import { PostHogEmulator } from './index.ts';
import { POSTHOG_SLIDING_LIMIT } from './rate-limit.ts';
import { defaultPostHogSeed, postHogSeedSchema, type PostHogSeed } from './seed.ts';

/** The PostHog emulator, as the sandbox starts it. */
export const posthogEmulator: EmulatorModule<'posthog', PostHogSeed, PostHogEmulator> = {
  name: 'posthog',
  title: 'PostHog',
  seedSchema: postHogSeedSchema,
  defaultSeed: defaultPostHogSeed,
  demoSeed: demoPostHogSeed,
  create: (options) => new PostHogEmulator(options),
  portOffset: 0,
  // The names the example config and the docs use; the client reads them from the user's config.
  urlEnv: 'INVITECTL_POSTHOG_URL',
  credentialEnv(api) {
    const primary = api.primary();
    return { POSTHOG_PERSONAL_API_KEY: primary.apiKey, POSTHOG_ORGANIZATION_ID: primary.organizationId };
  },
  rateLimitPresets: [{ name: 'posthog', limit: POSTHOG_SLIDING_LIMIT, summary: "PostHog's throttles: sliding:480/min,4800/h" }],
  realLimits: '480/min and 4800/h per key',
};
