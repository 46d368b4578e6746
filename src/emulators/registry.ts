// The only list of emulated APIs: the sandbox, its seed file and the sandbox verb are built from it.
import { anthropicEmulator } from './anthropic/module.ts';
import type { AnyEmulatorModule } from './module.ts';
import { openaiEmulator } from './openai/module.ts';
import { posthogEmulator } from './posthog/module.ts';

/** Every emulated API, in the order the sandbox starts them and prints their env. */
export const EMULATORS = [posthogEmulator, anthropicEmulator, openaiEmulator] as const satisfies readonly AnyEmulatorModule[];

/** The registry's emulators, as a type (the sandbox's default). */
export type RegisteredEmulators = typeof EMULATORS;

/** The name of an emulated API: a seed section and a property of the sandbox. */
export type EmulatorName = RegisteredEmulators[number]['name'];
