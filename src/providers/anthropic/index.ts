// The Anthropic provider module: Admin API invites and users, one invite per create.
import type { ProviderModule } from '../provider.ts';
import { anthropicProvider } from './client.ts';
import { anthropicConfig } from './config.ts';

/** The documented version; the API also accepts newer ones (api/anthropic.md §12). */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic Admin API invites and users (api/anthropic.md). */
export const anthropic = {
  name: 'anthropic',
  title: 'Anthropic',
  config: anthropicConfig,
  capabilities: { maxBatch: 1, createReplacesExisting: false },
  authHeaders: (apiKey) => ({ 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION }),
  create: ({ org, http }) => anthropicProvider(org, http),
} as const satisfies ProviderModule<'anthropic'>;
