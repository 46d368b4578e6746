// OpenAI's entry in the emulator registry: seed, demo state, port and the env the sandbox prints.
import type { EmulatorModule } from '../module.ts';
import { demoOpenAISeed } from './demo-seed.ts';
import { OpenAIEmulator } from './index.ts';
import { defaultOpenAISeed, openaiSeedSchema, type OpenAISeed } from './seed.ts';

/** The OpenAI Admin API emulator, as the sandbox starts it. */
export const openaiEmulator: EmulatorModule<'openai', OpenAISeed, OpenAIEmulator> = {
  name: 'openai',
  title: 'OpenAI',
  seedSchema: openaiSeedSchema,
  defaultSeed: defaultOpenAISeed,
  demoSeed: demoOpenAISeed,
  create: (options) => new OpenAIEmulator(options),
  portOffset: 2,
  // The names the example config and the docs use; the client reads them from the user's config.
  urlEnv: 'INVITECTL_OPENAI_URL',
  credentialEnv: (api) => ({ OPENAI_ADMIN_KEY: api.primary().apiKey }),
  // The reference documents no limits for the Administration API (§8), so there is no preset.
  rateLimitPresets: [],
  realLimits: 'undocumented',
};
