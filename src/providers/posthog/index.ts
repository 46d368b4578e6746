// The PostHog provider module: organization invites, created in bulk batches of up to 20.
import type { ProviderModule } from '../provider.ts';
import { postHogProvider } from './client.ts';
import { postHogConfig } from './config.ts';

/** PostHog organization invites (api/posthog.md). */
export const posthog = {
  name: 'posthog',
  title: 'PostHog',
  config: postHogConfig,
  capabilities: { maxBatch: 20, createReplacesExisting: true },
  authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  create: ({ org, http }) => postHogProvider(org, http),
} as const satisfies ProviderModule<'posthog'>;
