// The sandbox: every registered API emulator on 127.0.0.1, plus the env that points invitectl at them.
import { createClock } from './clock.ts';
import type { FaultOptions } from './faults.ts';
import type { AnyEmulatorModule, ServerOf } from './module.ts';
import type { RateLimit } from './rate-limit.ts';
import { EMULATORS, type RegisteredEmulators } from './registry.ts';
import { resolveSeed, type SandboxSeed } from './seed.ts';
import { startServer, type EmulatorServer } from './server.ts';
import type { ApiEmulator, Clock } from './types.ts';

/** How to start the sandbox. */
export interface SandboxOptions<Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators> {
  /** Each API listens on `port` plus its `portOffset`; 0 (the default) gives each a free port. */
  port?: number;
  /** Starting state; a section left out means that API's default seed. */
  seed?: SandboxSeed<Ms>;
  /** Applied to every server, each with its own PRNG from the same seed. */
  faults?: FaultOptions;
  /** Applied to every server, one limit per credential: a token bucket or sliding logs. */
  rateLimit?: RateLimit;
  /** Shared by every API so one `advance()` expires invites everywhere. */
  clock?: Clock;
}

/** What the sandbox holds besides one server per API (so no API may take these names). */
interface SandboxParts {
  /** Every running server, in registry order. */
  servers: readonly EmulatorServer<ApiEmulator>[];
  clock: Clock;
  /** Each API's URL variable (all of them first), then each API's credential variables. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const RESERVED: ReadonlySet<string> = new Set(['servers', 'clock', 'env', 'close']);

/** The running emulators, one property per API name, plus the env that points the CLI at them. */
export type Sandbox<Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators> = { [M in Ms[number] as M['name']]: ServerOf<M> } & SandboxParts;

/** Starts every API in the emulator registry on 127.0.0.1. */
export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startEmulators(EMULATORS, options);
}

/** Starts `emulators` on 127.0.0.1; if one cannot start, those already listening are closed. */
export async function startEmulators<const Ms extends readonly AnyEmulatorModule[]>(emulators: Ms, options: SandboxOptions<Ms> = {}): Promise<Sandbox<Ms>> {
  checkEmulators(emulators);
  const clock = options.clock ?? createClock();
  const seed = resolveSeed<Ms>(options.seed, emulators) as Record<string, unknown>;
  const port = options.port ?? 0;
  const serverOptions = {
    ...(options.faults && { faults: options.faults }),
    ...(options.rateLimit && { rateLimit: options.rateLimit }),
  };
  const servers: EmulatorServer<ApiEmulator>[] = [];
  try {
    for (const emulator of emulators) {
      const api = emulator.create({ clock, seed: seed[emulator.name] });
      servers.push(await startServer(api, { ...serverOptions, port: port === 0 ? 0 : port + emulator.portOffset }));
    }
  } catch (error) {
    // Do not leave a server listening when another cannot start.
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const env: Record<string, string> = {};
  emulators.forEach((emulator, i) => (env[emulator.urlEnv] = servers[i]!.url));
  emulators.forEach((emulator, i) => Object.assign(env, emulator.credentialEnv(servers[i]!.api)));
  const byName = Object.fromEntries(emulators.map((emulator, i) => [emulator.name, servers[i]!]));
  const parts: SandboxParts = {
    servers,
    clock,
    env,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
  return { ...byName, ...parts } as Sandbox<Ms>;
}

/** Refuses a list the sandbox cannot serve: a name or port offset used twice, or a reserved name. */
function checkEmulators(emulators: readonly AnyEmulatorModule[]): void {
  const names = new Set<string>();
  const offsets = new Set<number>();
  for (const { name, portOffset } of emulators) {
    if (RESERVED.has(name) || names.has(name)) throw new RangeError(`emulator name "${name}" is reserved or given twice`);
    if (!Number.isSafeInteger(portOffset) || portOffset < 0 || offsets.has(portOffset)) throw new RangeError(`emulator "${name}" needs its own port offset, got ${portOffset}`);
    names.add(name);
    offsets.add(portOffset);
  }
}
