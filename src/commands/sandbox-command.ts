import type { Command } from '../io.ts';
import { runSandbox, SANDBOX_HELP } from './sandbox.ts';

/** `invitectl sandbox`: both API emulators on loopback, to try a config before the real APIs. */
export const sandboxCommand: Command = {
  name: 'sandbox',
  help: SANDBOX_HELP,
  run: runSandbox,
};
