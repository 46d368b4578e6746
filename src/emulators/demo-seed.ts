// The `--demo` state: planning invites.example.yaml against it shows every kind of change.
import type { AnyEmulatorModule } from './module.ts';
import { EMULATORS, type RegisteredEmulators } from './registry.ts';
import type { ResolvedSeed } from './seed.ts';

/**
 * Every API's demo state (each module's `demoSeed`): an invite to send, one to revoke, a role
 * change, an expired invite, plus unchanged, member and ignored rows.
 */
export function demoSeed<const Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators>(emulators: Ms = EMULATORS as unknown as Ms): ResolvedSeed<Ms> {
  return Object.fromEntries(emulators.map((emulator) => [emulator.name, emulator.demoSeed()])) as ResolvedSeed<Ms>;
}
