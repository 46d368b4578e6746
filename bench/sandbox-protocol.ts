// The messages between the bench and its emulator processes (bench/sandbox-process.ts).
import type { FaultOptions } from '../src/emulators/faults.ts';
import type { RateLimit } from '../src/emulators/rate-limit.ts';
import type { SandboxSeed } from '../src/emulators/seed.ts';

/** How the bench starts the emulators: as startSandbox's options, less port and clock. */
export interface RemoteSandboxOptions {
  seed?: SandboxSeed;
  faults?: FaultOptions;
  rateLimit?: RateLimit;
  /** Answer a repeated GET from memory (any write clears it): for read-only scenarios whose lists are too big for the emulators to sort per page. */
  cacheReads?: boolean;
}

/** Messages from the bench to one emulator process (bench/sandbox-process.ts). */
export type ChildRequest = { type: 'start'; api: 'posthog' | 'anthropic' | 'openai'; options: RemoteSandboxOptions } | { type: 'snapshot' } | { type: 'reset' } | { type: 'close' };

/** One logged request, the credential replaced by a small per-server index. */
export interface LogEntry {
  method: string;
  path: string;
  credential: number;
  startedAt: number;
  finishedAt: number;
  status?: number;
  fault?: string;
}

/** One API's request log and the state a scenario checks. */
export interface ApiSnapshot {
  log: LogEntry[];
  /** Emails with a live pending invite. */
  pending: string[];
  emailsSent: number;
}

export type ChildReply =
  | { type: 'started'; url: string; env: Record<string, string> }
  | ({ type: 'snapshot' } & ApiSnapshot)
  | { type: 'done' }
  | { type: 'error'; message: string };
