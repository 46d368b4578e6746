// Time limits of one run: the per-request timeout, the read deadline and the whole run's deadline, and the flags that set them.
import { UsageError } from './errors.ts';

/** The time limits of one run, in milliseconds. */
export interface TimeLimits {
  /** One request, from sending to the last byte of its answer (`--timeout`). */
  timeoutMs: number;
  /** Every read before the first write: plan, import, apply's planning reads (`--read-deadline`). */
  readDeadlineMs: number;
  /** The whole run, writes and their confirming re-reads included (`--deadline`). */
  deadlineMs: number;
}

/** Defaults: a silent server fails a run within 80 s; apply may wait out real rate limits for an hour. */
export const DEFAULT_LIMITS: Readonly<TimeLimits> = { timeoutMs: 30_000, readDeadlineMs: 80_000, deadlineMs: 3_600_000 };

/** The `parseArgs` options of the three time flags, to spread into a command's options. */
export const TIME_FLAGS = {
  timeout: { type: 'string' },
  'read-deadline': { type: 'string' },
  deadline: { type: 'string' },
} as const;

/** The help lines of the time flags, for a command's usage text. */
const TIME_FLAG_LINES: ReadonlyArray<readonly [string, string]> = [
  ['--timeout DURATION', 'one request, answer included (default 30s)'],
  ['--read-deadline DURATION', 'all reads before the first write (default 80s)'],
  ['--deadline DURATION', 'the whole run (default 1h); DURATION is 90, 90s, 500ms, 10m or 1h'],
];

/**
 * The help lines of the time flags, their descriptions starting at `column` like the verb's other
 * options (a flag too long for it puts its description on the next line).
 */
export function timeFlagsHelp(column: number): string {
  return TIME_FLAG_LINES.map(([flag, text]) => {
    const lead = `  ${flag}`;
    return lead.length + 2 <= column ? `${lead.padEnd(column)}${text}` : `${lead}\n${' '.repeat(column)}${text}`;
  }).join('\n');
}

/** The longest limit accepted: a day, far below what a timer can hold. */
const MAX_MS = 86_400_000;
const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Reads `--timeout`, `--read-deadline` and `--deadline` (absent: the defaults); a bad value is a usage error naming the flag. */
export function parseTimeLimits(verb: string, values: { timeout?: string | undefined; 'read-deadline'?: string | undefined; deadline?: string | undefined }): TimeLimits {
  const read = (flag: string, value: string | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    const ms = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : Number.NaN;
    if (!(ms >= 1 && ms <= MAX_MS)) throw new UsageError(`invitectl ${verb}: --${flag} must be a duration from 1ms to 24h such as 30s, 10m or 1h, not "${value}"`);
    return Math.round(ms);
  };
  return {
    timeoutMs: read('timeout', values.timeout, DEFAULT_LIMITS.timeoutMs),
    readDeadlineMs: read('read-deadline', values['read-deadline'], DEFAULT_LIMITS.readDeadlineMs),
    deadlineMs: read('deadline', values.deadline, DEFAULT_LIMITS.deadlineMs),
  };
}

/** A duration as a person writes it: 500ms, 80s, 10m, 1h. */
export function formatDuration(ms: number): string {
  if (ms >= 31_536_000_000) return 'more than a year';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 120_000 || ms % 60_000 !== 0) return `${Math.round(ms / 100) / 10}s`;
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`;
}

/** What the HTTP layer needs of a deadline: time left, a signal that fires when it passes, and why. */
export interface Deadline {
  remainingMs(): number;
  readonly signal: AbortSignal;
  /** e.g. "the read deadline of 80s (--read-deadline)". */
  describe(): string;
}

interface Phase {
  end: number;
  label: string;
  controller: AbortController;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One clock for a whole run, shared by every request of every org. While `reading` runs, the
 * tighter read deadline applies; afterwards (apply's writes) the run's own deadline does.
 */
export class RunDeadline implements Deadline {
  readonly #now: () => number;
  readonly #run: { end: number; label: string };
  #phase: Phase;

  constructor(deadlineMs: number, now: () => number = () => performance.now()) {
    this.#now = now;
    this.#run = { end: now() + deadlineMs, label: `the run's deadline of ${formatDuration(deadlineMs)} (--deadline)` };
    this.#phase = this.#start(this.#run.end, this.#run.label);
  }

  remainingMs(): number {
    return Math.max(0, this.#phase.end - this.#now());
  }

  get signal(): AbortSignal {
    return this.#phase.controller.signal;
  }

  describe(): string {
    return this.#phase.label;
  }

  /** Runs `task` under the read deadline (or the run's, whichever ends first), then restores the run's. */
  async reading<T>(readDeadlineMs: number, task: () => Promise<T>): Promise<T> {
    const outer = this.#phase;
    const end = this.#now() + readDeadlineMs;
    this.#phase = end < outer.end ? this.#start(end, `the read deadline of ${formatDuration(readDeadlineMs)} (--read-deadline)`) : outer;
    try {
      return await task();
    } finally {
      if (this.#phase !== outer) clearTimeout(this.#phase.timer);
      this.#phase = outer;
    }
  }

  #start(end: number, label: string): Phase {
    const controller = new AbortController();
    // unref: a deadline must never be what keeps the process alive.
    const timer = setTimeout(() => controller.abort(new Error(`${label} passed`)), Math.max(0, end - this.#now())).unref();
    return { end, label, controller, timer };
  }
}
