// `invitectl sandbox`: every emulator in the emulator registry, and the verb's one-line summary.
import { EMULATORS } from '../emulators/registry.ts';
import type { Command } from '../io.ts';
import { createSandboxCommand, titlesOf } from './sandbox.ts';

/** The verb's summary for `invitectl --help`, naming the registry's APIs (cli.ts may import it). */
export const SANDBOX_SUMMARY = `Run the ${titlesOf(EMULATORS)} emulators on 127.0.0.1`;

/** `invitectl sandbox`: the registry's API emulators on loopback, to try a config before the real APIs. */
export const sandboxCommand: Command = createSandboxCommand(EMULATORS);
