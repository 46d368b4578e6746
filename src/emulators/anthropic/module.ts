// Anthropic's entry in the emulator registry: seed, demo state, port and the env the sandbox prints.
import type { EmulatorModule } from '../module.ts';
import { demoAnthropicSeed } from './demo-seed.ts';
import { AnthropicEmulator } from './index.ts';
import { anthropicSeedSchema, defaultAnthropicSeed, type AnthropicSeed } from './seed.ts';

/** The Anthropic Admin API emulator, as the sandbox starts it. */
export const anthropicEmulator: EmulatorModule<'anthropic', AnthropicSeed, AnthropicEmulator> = {
  name: 'anthropic',
  title: 'Anthropic',
  seedSchema: anthropicSeedSchema,
  defaultSeed: defaultAnthropicSeed,
  demoSeed: demoAnthropicSeed,
  create: (options) => new AnthropicEmulator(options),
  portOffset: 1,
  // The names the example config and the docs use; the client reads them from the user's config.
  urlEnv: 'INVITECTL_ANTHROPIC_URL',
  credentialEnv: (api) => ({ ANTHROPIC_ADMIN_API_KEY: api.primary().apiKey }),
  rateLimitPresets: [],
  realLimits: '100/min per org',
};
