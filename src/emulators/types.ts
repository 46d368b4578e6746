// The types every emulated API and the generic server share.
import type { IncomingHttpHeaders } from 'node:http';

/** One parsed request, as an API emulator sees it. */
export interface EmulatorRequest {
  method: string;
  /** Absolute URL, including the query string (the server's own origin). */
  url: URL;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the body is empty. */
  body: unknown;
  /** The raw body text, for APIs that must reject malformed JSON themselves. */
  rawBody: string;
}

/** What an API emulator answers; the server serialises `body` as JSON when it is not undefined. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** `body` already serialized, sent as is: for an answer served again from memory (the bench's read cache). */
  text?: string;
}

/** The failures the server injects or produces itself (rate limiting, fault injection). */
export type InjectedStatus = 429 | 500 | 503 | 529;

/**
 * One vendor API held in memory. `handle` is synchronous on purpose: a write is either made
 * or not, so "response lost" faults can run the handler and then drop the connection.
 */
export interface ApiEmulator {
  /** The API's registry name. */
  readonly name: string;
  handle(request: EmulatorRequest): EmulatorResponse;
  /** The API's own envelope for a failure the server injects (429 carries Retry-After). */
  failure(status: InjectedStatus, retryAfterSeconds?: number): EmulatorResponse;
  /** The credential a request carries, for per-key rate limits and the request log. */
  credentialOf(request: EmulatorRequest): string | undefined;
  /** Makes invite lists lag writes by `lagMs` (a fault; 0 turns it off). */
  setReadLag?(lagMs: number): void;
}

/** A controllable clock: real time plus an offset that tests move forward. */
export interface Clock {
  now(): Date;
  advance(ms: number): void;
}
