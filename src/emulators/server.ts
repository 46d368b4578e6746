// Serves one API emulator on 127.0.0.1 with rate limits, fault injection, latency and a request log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFaultInjector, type FaultInjector, type FaultKind, type FaultOptions } from './faults.ts';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.ts';
import { MAX_BODY_BYTES, readBody, redactBody, redactPath, send, toEmulatorRequest, withRetryAfter } from './http-io.ts';
import type { ApiEmulator, EmulatorResponse } from './types.ts';

export { MAX_BODY_BYTES };

/** How to run an emulator over HTTP. */
export interface ServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  faults?: FaultOptions;
  rateLimit?: RateLimit;
}

/** One request as the server saw it; tests filter this to prove what reached the API. */
export interface LoggedRequest {
  /** 1-based arrival order since the server started (not reset by `resetLog`). */
  seq: number;
  method: string;
  /** pathname + search; a query value equal to the credential is replaced by `REDACTED`. */
  path: string;
  credential?: string;
  /** Parsed JSON body (a copy; strings equal to the credential replaced by `REDACTED`). */
  body: unknown;
  /** `Date.now()` when the request was read, and when the answer (or drop) was made. */
  startedAt: number;
  finishedAt: number;
  /** The status sent; undefined when the socket was dropped (`reset`, `lost`) or the client left. */
  status?: number;
  fault?: 'latency' | FaultKind | 'rate-limited';
  /** Whether `api.handle` ran, i.e. whether the request could have changed state. */
  handled: boolean;
  /** The message when `api.handle` threw (answered as 500). */
  error?: string;
}

/** Counters over the requests logged since the last `resetLog`. */
export interface ServerStats {
  requests: number;
  byMethod: Record<string, number>;
  maxInFlight: number;
  /** Keyed by credential; requests without one count under `(none)`. */
  maxInFlightByCredential: Record<string, number>;
}

/** A running emulator. */
export interface EmulatorServer<A extends ApiEmulator> {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  readonly url: string;
  readonly api: A;
  /** Every request, in arrival order; the same array for the server's life. */
  readonly log: LoggedRequest[];
  stats(): ServerStats;
  /** Empties the log and the stats counters. */
  resetLog(): void;
  /** Replaces fault injection (restarting the PRNG from the new seed); undefined turns it off. */
  setFaults(faults?: FaultOptions): void;
  /** Replaces rate limiting with fresh, full buckets; undefined turns it off. */
  setRateLimit(rateLimit?: RateLimit): void;
  /** Stops listening and destroys every socket, idle keep-alive ones included. */
  close(): Promise<void>;
}

const ANONYMOUS = '(none)';

/** Serves `api` on 127.0.0.1 with optional rate limiting, fault injection and latency. */
export async function startServer<A extends ApiEmulator>(api: A, options: ServerOptions = {}): Promise<EmulatorServer<A>> {
  const log: LoggedRequest[] = [];
  const timers = new Map<NodeJS.Timeout, () => void>();
  let faults: FaultInjector | undefined = options.faults && createFaultInjector(options.faults);
  api.setReadLag?.(options.faults?.readLagMs ?? 0);
  let limiter: RateLimiter | undefined = options.rateLimit && createRateLimiter(options.rateLimit);
  let seq = 0;
  let inFlight = 0;
  const inFlightBy = new Map<string, number>();
  let stats = emptyStats();
  let origin = '';

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      // Only our own bugs land here; the client sees a dropped connection rather than a hang.
      res.destroy(error instanceof Error ? error : undefined);
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const arrival = ++seq;
    const raw = await readBody(req);
    const request = toEmulatorRequest(req, origin, raw ?? '');
    const credential = api.credentialOf(request);
    const entry: LoggedRequest = {
      seq: arrival,
      method: request.method,
      path: redactPath(request.url, credential),
      ...(credential !== undefined && { credential }),
      body: redactBody(request.body, credential),
      startedAt,
      finishedAt: startedAt,
      handled: false,
    };
    log.push(entry);
    stats.requests++;
    stats.byMethod[entry.method] = (stats.byMethod[entry.method] ?? 0) + 1;
    const key = credential ?? ANONYMOUS;
    inFlight++;
    inFlightBy.set(key, (inFlightBy.get(key) ?? 0) + 1);
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    stats.maxInFlightByCredential[key] = Math.max(stats.maxInFlightByCredential[key] ?? 0, inFlightBy.get(key) ?? 0);
    let settled = false;
    // Called just before bytes leave (or the socket drops) so the log is complete when the client wakes.
    const settle = (status?: number): void => {
      if (settled) return;
      settled = true;
      entry.finishedAt = Date.now();
      if (status !== undefined) entry.status = status;
      inFlight--;
      inFlightBy.set(key, (inFlightBy.get(key) ?? 1) - 1);
    };

    if (raw === undefined) {
      settle(413);
      send(res, { status: 413, body: { error: `request body exceeds ${MAX_BODY_BYTES} bytes` } }, true);
      return;
    }
    // One decision per arrival, drawn even when rate limited, so decision n belongs to request n.
    const decision = faults?.decide(request.method);
    const limit = limiter?.take(key);
    if (limit && !limit.allowed) {
      entry.fault = 'rate-limited';
      const response = withRetryAfter(api.failure(429, limit.retryAfterSeconds), limit.retryAfterSeconds);
      settle(response.status);
      send(res, response);
      return;
    }
    if (decision && decision.latencyMs > 0) {
      entry.fault = 'latency';
      await sleep(decision.latencyMs, timers);
      if (!server.listening) return settle();
    }
    const fault = decision?.fault;
    if (fault) entry.fault = fault;
    if (fault === 'reset') {
      settle();
      resetSocket(req.socket);
      return;
    }
    if (fault === '429' || fault === '500' || fault === '503' || fault === '529') {
      const status = Number(fault) as 429 | 500 | 503 | 529;
      const response = status === 429 ? withRetryAfter(api.failure(429, 1), 1) : api.failure(status);
      settle(response.status);
      send(res, response);
      return;
    }
    let response: EmulatorResponse;
    try {
      entry.handled = true;
      response = api.handle(request);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      response = api.failure(500);
    }
    if (fault === 'lost') {
      settle();
      req.socket.destroy();
      return;
    }
    settle(response.status);
    send(res, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    api,
    log,
    stats: () => structuredClone(stats),
    resetLog() {
      log.length = 0;
      stats = emptyStats();
    },
    setFaults(next) {
      faults = next && createFaultInjector(next);
      api.setReadLag?.(next?.readLagMs ?? 0);
    },
    setRateLimit(next) {
      limiter = next && createRateLimiter(next);
    },
    close() {
      // Wake sleeping requests so they see the server is closing and finish without answering.
      for (const [timer, wake] of timers) {
        clearTimeout(timer);
        wake();
      }
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function emptyStats(): ServerStats {
  return { requests: 0, byMethod: {}, maxInFlight: 0, maxInFlightByCredential: {} };
}

/** Sends a TCP RST where the platform allows it, so the client sees ECONNRESET. */
function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function sleep(ms: number, timers: Map<NodeJS.Timeout, () => void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.set(timer, resolve);
  });
}
