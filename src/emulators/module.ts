// What one emulated API gives the sandbox: its seed section, how to start it, the env it prints.
import type { z } from 'zod';
import type { RateLimit } from './rate-limit.ts';
import type { EmulatorServer } from './server.ts';
import type { ApiEmulator, Clock } from './types.ts';

/** A `--rate-limit` word that stands for an API's real limits, e.g. `--rate-limit NAME`. */
export interface RateLimitPreset {
  /** Lower case; matched case-insensitively. */
  name: string;
  limit: RateLimit;
  /** One line for the sandbox help, e.g. "the API's throttles: sliding:480/min,4800/h". */
  summary: string;
}

/**
 * One emulated API, as the registry lists it. Everything the generic sandbox needs to know about
 * an API is here, so a new API is a folder plus one line in `registry.ts`.
 */
export interface EmulatorModule<Name extends string = string, Seed = unknown, Api extends ApiEmulator = ApiEmulator> {
  /** The seed file's section and the sandbox's property for this API. */
  readonly name: Name;
  /** How help and messages name the API. */
  readonly title: string;
  /** Validates the seed section (the section is handed to `create` as written). */
  readonly seedSchema: z.ZodType;
  /** The state a sandbox starts with when the seed leaves the section out. */
  defaultSeed(): Seed;
  /** The state `--demo` starts with: the example config plans every kind of change against it. */
  demoSeed(): Seed;
  /** A fresh emulator; throws on a seed its schema refuses. */
  create(options: { clock: Clock; seed: Seed }): Api;
  /** Listens on the sandbox's `--port` plus this; distinct per API so the printed env is stable. */
  readonly portOffset: number;
  /** The env var the sandbox sets to the emulator's URL (configs reference it as `${NAME}`). */
  readonly urlEnv: string;
  /** The env vars that let invitectl in (API key, ids), from the running emulator. */
  credentialEnv(api: Api): Record<string, string>;
  /** Words `--rate-limit` accepts for this API's real limits. */
  readonly rateLimitPresets: readonly RateLimitPreset[];
  /** The real API's limits, in a few words for the help, e.g. "100/min per org". */
  readonly realLimits: string;
}

/** Any registered emulator, whatever its seed and API types (each module's own). */
export type AnyEmulatorModule = EmulatorModule<string, any, any>;

/** The seed type of a module. */
export type SeedOf<M> = M extends EmulatorModule<string, infer Seed, any> ? Seed : never;

/** The running server type of a module. */
export type ServerOf<M> = M extends EmulatorModule<string, any, infer Api> ? EmulatorServer<Api> : never;
