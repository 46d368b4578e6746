import { AnthropicEmulator } from './anthropic/index.ts';
import { createClock } from './clock.ts';
import type { FaultOptions } from './faults.ts';
import { PostHogEmulator } from './posthog/index.ts';
import type { RateLimit } from './rate-limit.ts';
import { resolveSeed, type SandboxSeed } from './seed.ts';
import { startServer, type EmulatorServer } from './server.ts';
import type { Clock } from './types.ts';

/** How to start the sandbox. */
export interface SandboxOptions {
  /** PostHog listens here and Anthropic on `port + 1`; 0 (the default) gives each a free port. */
  port?: number;
  /** Starting state; a section left out means that API's default seed. */
  seed?: SandboxSeed;
  /** Applied to both servers, each with its own PRNG from the same seed. */
  faults?: FaultOptions;
  /** Applied to both servers, one limit per credential: a token bucket or sliding logs. */
  rateLimit?: RateLimit;
  /** Shared by both APIs so one `advance()` expires invites everywhere. */
  clock?: Clock;
}

/** Both emulators running, plus the environment that points the CLI at them. */
export interface Sandbox {
  posthog: EmulatorServer<PostHogEmulator>;
  anthropic: EmulatorServer<AnthropicEmulator>;
  clock: Clock;
  /**
   * INVITECTL_POSTHOG_URL, INVITECTL_ANTHROPIC_URL, POSTHOG_PERSONAL_API_KEY,
   * ANTHROPIC_ADMIN_API_KEY and POSTHOG_ORGANIZATION_ID, for the CLI's env.
   */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the PostHog and Anthropic emulators on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? createClock();
  const seed = resolveSeed(options.seed);
  const port = options.port ?? 0;
  const serverOptions = {
    ...(options.faults && { faults: options.faults }),
    ...(options.rateLimit && { rateLimit: options.rateLimit }),
  };
  const posthog = await startServer(new PostHogEmulator({ clock, seed: seed.posthog }), { ...serverOptions, port });
  let anthropic: EmulatorServer<AnthropicEmulator>;
  try {
    anthropic = await startServer(new AnthropicEmulator({ clock, seed: seed.anthropic }), {
      ...serverOptions,
      port: port === 0 ? 0 : port + 1,
    });
  } catch (error) {
    // Do not leave the first server listening when the second cannot start.
    await posthog.close();
    throw error;
  }
  const posthogPrimary = posthog.api.primary();
  const env: Record<string, string> = {
    INVITECTL_POSTHOG_URL: posthog.url,
    INVITECTL_ANTHROPIC_URL: anthropic.url,
    POSTHOG_PERSONAL_API_KEY: posthogPrimary.apiKey,
    POSTHOG_ORGANIZATION_ID: posthogPrimary.organizationId,
    ANTHROPIC_ADMIN_API_KEY: anthropic.api.primary().apiKey,
  };
  return {
    posthog,
    anthropic,
    clock,
    env,
    close: async () => {
      await Promise.all([posthog.close(), anthropic.close()]);
    },
  };
}
