// The OpenAI provider module: Administration API invites and users, one invite per create.
import type { ProviderModule } from '../provider.ts';
import { openAiProvider } from './client.ts';
import { openAiConfig } from './config.ts';

/**
 * OpenAI organization invites and users (api/openai.md). What a second create for a pending
 * email does is UNCONFIRMED (§6.1), so a re-invite revokes the pending invite first and the
 * applier restores it if the new one cannot be made (createReplacesExisting: false).
 */
export const openai = {
  name: 'openai',
  title: 'OpenAI',
  config: openAiConfig,
  capabilities: { maxBatch: 1, createReplacesExisting: false },
  authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  create: ({ org, http }) => openAiProvider(org, http),
} as const satisfies ProviderModule<'openai'>;
