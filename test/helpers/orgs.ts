import type { DesiredOrg, ProviderName } from '../../src/model.ts';
import type { Sandbox } from '../../src/emulators/sandbox.ts';
import { desiredOrg } from './states.ts';

/** A desired org pointed at the sandbox's emulator for `provider`, with the sandbox's env names. */
export function sandboxOrg(sandbox: Sandbox, provider: ProviderName, overrides: Partial<DesiredOrg> = {}): DesiredOrg {
  const connection =
    provider === 'posthog'
      ? { baseUrl: sandbox.env['INVITECTL_POSTHOG_URL']!, apiKeyEnv: 'POSTHOG_PERSONAL_API_KEY', organizationId: sandbox.env['POSTHOG_ORGANIZATION_ID']! }
      : { baseUrl: sandbox.env['INVITECTL_ANTHROPIC_URL']!, apiKeyEnv: 'ANTHROPIC_ADMIN_API_KEY' };
  return desiredOrg({ name: `${provider}-org`, provider, connection, ...overrides });
}

/** Retries fast enough for tests (Retry-After capped at 50 ms), still exercising every path. */
export const FAST_RETRY = { limit: 6, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 };
