import type { Command } from '../io.ts';
import { runSandbox, SANDBOX_HELP } from './sandbox.ts';

/** `invitectl sandbox`: both API emulators on loopback, to try a config before the real APIs. */
export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Run the PostHog and Anthropic emulators on 127.0.0.1',
  help: SANDBOX_HELP,
  run: runSandbox,
};
