// Fault injection for the emulator server: seeded, reproducible error statuses, resets, lost answers and latency.
/** The faults the server can inject into one request. */
export const FAULT_KINDS = ['429', '500', '503', '529', 'reset', 'lost'] as const;

/**
 * One injected fault: an error status answered by the API's own envelope, `reset` (the socket
 * is destroyed before the handler runs: no state change) or `lost` (the handler runs, then the
 * socket is destroyed without an answer: the change is made but the client never learns it).
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Fault injection settings; every decision is a pure function of `seed` and arrival order. */
export interface FaultOptions {
  seed: number;
  /** Added to every request (all methods), before the handler runs. */
  latencyMs?: number;
  /** Extra latency drawn uniformly from [0, latencyJitterMs]. */
  latencyJitterMs?: number;
  /** Probability of each fault per request; their sum must not exceed 1. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Only these methods get faults (latency still applies to all); default all. */
  methods?: string[];
  /**
   * Reads lag writes: invite lists leave out invites created less than this many ms before the
   * read began (the real APIs are not guaranteed read-after-write). Deterministic; default 0.
   */
  readLagMs?: number;
}

/** What happens to one request. */
export interface FaultDecision {
  fault?: FaultKind;
  latencyMs: number;
}

/** A seeded source of decisions, one per arriving request. */
export interface FaultInjector {
  decide(method: string): FaultDecision;
}

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for test faults and fully reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Decides the fault and latency for one request. Always draws exactly two numbers from
 * `random`, whatever the method, so decision n depends only on the seed and n.
 */
export function decideFault(options: FaultOptions, random: () => number, method: string): FaultDecision {
  const faultDraw = random();
  const jitterDraw = random();
  const jitter = Math.max(0, options.latencyJitterMs ?? 0);
  const latencyMs = Math.max(0, options.latencyMs ?? 0) + Math.round(jitterDraw * jitter);
  const methods = options.methods?.map((m) => m.toUpperCase());
  if (methods && !methods.includes(method.toUpperCase())) return { latencyMs };
  let threshold = 0;
  for (const kind of FAULT_KINDS) {
    threshold += options.rates?.[kind] ?? 0;
    if (faultDraw < threshold) return { fault: kind, latencyMs };
  }
  return { latencyMs };
}

/** A stateful injector over `decideFault`; throws RangeError for rates that do not make sense. */
export function createFaultInjector(options: FaultOptions): FaultInjector {
  const problem = checkRates(options.rates ?? {});
  if (problem) throw new RangeError(problem);
  const random = mulberry32(options.seed);
  return { decide: (method) => decideFault(options, random, method) };
}

/** The outcome of parsing a `--faults` spec. */
export type FaultSpecResult = { ok: true; rates: Partial<Record<FaultKind, number>> } | { ok: false; message: string };

/**
 * Parses the CLI's compact form, e.g. `429=0.05,500=0.05,reset=0.05,lost=0.05`.
 * An empty spec means no faults.
 */
export function parseFaultSpec(spec: string): FaultSpecResult {
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
    if (!match) return { ok: false, message: `fault "${part}" is not KIND=RATE` };
    const [, kind, rateText] = match as unknown as [string, string, string];
    if (!isFaultKind(kind)) return { ok: false, message: `unknown fault "${kind}"; expected one of ${FAULT_KINDS.join(', ')}` };
    if (kind in rates) return { ok: false, message: `fault "${kind}" is given twice` };
    const rate = Number(rateText);
    if (!Number.isFinite(rate) || rateText === '') return { ok: false, message: `rate for "${kind}" is not a number: ${rateText}` };
    rates[kind] = rate;
  }
  const problem = checkRates(rates);
  return problem ? { ok: false, message: problem } : { ok: true, rates };
}

function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

function checkRates(rates: Partial<Record<FaultKind, number>>): string | undefined {
  let total = 0;
  for (const [kind, rate] of Object.entries(rates)) {
    if (rate === undefined) continue;
    if (!(rate >= 0 && rate <= 1)) return `rate for "${kind}" must be between 0 and 1, got ${rate}`;
    total += rate;
  }
  // A little slack so that e.g. 0.1 * 10 written out by hand is still accepted.
  if (total > 1 + 1e-9) return `fault rates add up to ${total}; they must not exceed 1`;
  return undefined;
}
