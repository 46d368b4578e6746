// apply's progress on stderr: a live counter with elapsed time, rate and ETA, and rate-limit waits.
import type { OutputStream } from '../io.ts';
import type { ChangeResult } from '../model.ts';
import type { RateBudget } from '../rate-budget.ts';
import { formatResultLine } from '../render/apply-text.ts';

/** Without a terminal (CI logs), a progress line at most this often, between the per-change lines. */
const SUMMARY_LINE_EVERY_MS = 30_000;

/** How often the live line is redrawn on a terminal, so the clock and a pause's countdown move. */
const TICK_MS = 1_000;

/** The live counter a terminal shows, shared with reportWaits so a pause shows on it. */
interface LiveCounter {
  /** When the current rate-limit pause ends (on `now`'s clock). */
  pausedUntil: number;
  redraw(): void;
  /** What clears the live line, for a line written in its place. */
  erase(): string;
}

/**
 * Clears the live line before something is written in its place: the erase-line escape, or on a
 * dumb terminal (TERM=dumb: no escapes at all) spaces over what was drawn.
 */
function lineEraser(dumb: boolean): { erase(): string; drew(width: number): void } {
  let width = 0;
  return {
    erase() {
      const drawn = width;
      width = 0;
      return dumb ? `\r${' '.repeat(drawn)}\r` : '\r\x1b[2K';
    },
    drew(next) {
      width = next;
    },
  };
}

/** The live counter drawn on each stream: apply starts the counter and the wait reports separately. */
const counters = new WeakMap<OutputStream, LiveCounter>();

/**
 * Progress on stderr: a live counter on a terminal ("[120/5000] applying… · 1m05s elapsed ·
 * 1.8/s · ETA 45m10s"), one line per change otherwise (CI logs), with a summary line every 30 s.
 * `dumb` (TERM=dumb) redraws the counter without escapes.
 */
export function progressReporter(stderr: OutputStream, total: number, now: () => number = () => performance.now(), dumb = false): (result: ChangeResult) => void {
  const start = now();
  const eraser = lineEraser(dumb);
  let done = 0;
  let failed = 0;
  let lastSummary = start;
  const status = (): string => {
    const elapsed = now() - start;
    const parts = [`${failed ? `${failed} failed · ` : ''}${clock(elapsed)} elapsed`];
    // A rate from under a second of work says nothing yet.
    if (done > 0 && elapsed >= 1_000) {
      const perSecond = done / (elapsed / 1_000);
      parts.push(perSecond >= 1 ? `${perSecond.toFixed(1)}/s` : `${(perSecond * 60).toFixed(1)}/min`);
      if (done < total) parts.push(`ETA ${clock(((total - done) / perSecond) * 1_000)}`);
    }
    const paused = counter.pausedUntil - now();
    if (paused > 0) parts.push(`paused ${Math.ceil(paused / 1_000)} s by a rate limit`);
    return parts.join(' · ');
  };
  const draw = (): void => {
    const line = `[${done}/${total}] applying… ${status()}`;
    const columns = (stderr as { columns?: number }).columns;
    // A line wider than the terminal wraps, and \r would then redraw only its last part.
    const shown = columns && line.length >= columns ? `${line.slice(0, columns - 2)}…` : line;
    stderr.write(`${eraser.erase()}${shown}${done === total ? '\n' : ''}`);
    eraser.drew(done === total ? 0 : shown.length);
  };
  const counter: LiveCounter = { pausedUntil: Number.NEGATIVE_INFINITY, redraw: () => done < total && draw(), erase: () => eraser.erase() };
  if (stderr.isTTY) counters.set(stderr, counter);
  return (result) => {
    done += 1;
    if (result.outcome === 'failed') failed += 1;
    if (!stderr.isTTY) {
      stderr.write(`${formatResultLine(result)}\n`);
      if (done < total && now() - lastSummary >= SUMMARY_LINE_EVERY_MS) {
        lastSummary = now();
        stderr.write(`progress: ${done}/${total} · ${status()}\n`);
      }
      return;
    }
    // One line redrawn in place; failures stay on screen above it.
    if (result.outcome === 'failed') stderr.write(`${eraser.erase()}${formatResultLine(result)}\n`);
    draw();
  };
}

/** Waits shorter than this are pacing between requests, not worth a line. */
const NOTABLE_WAIT_MS = 2_000;

/** At most one wait line per key this often, so steady pacing does not flood a CI log. */
const WAIT_LINE_EVERY_MS = 10_000;

/**
 * Says on stderr when requests on a key wait for a rate limit, and for how long ("waiting 12 s:
 * rate limit: paused 12 s by a 429"); on a terminal the live counter also counts the pause down.
 * Returns a function that stops listening.
 */
export function reportWaits(stderr: OutputStream, budgets: Iterable<RateBudget>, now: () => number = () => performance.now()): () => void {
  const live = counters.get(stderr);
  const stops = [...new Set(budgets)].map((budget) => {
    let lastLine = Number.NEGATIVE_INFINITY;
    return budget.onWait((wait) => {
      if (wait.waitMs < NOTABLE_WAIT_MS) return;
      if (live) live.pausedUntil = Math.max(live.pausedUntil, now() + wait.waitMs);
      if (now() - lastLine >= WAIT_LINE_EVERY_MS) {
        lastLine = now();
        stderr.write(`${live ? live.erase() : ''}waiting ${Math.ceil(wait.waitMs / 1000)} s: ${wait.message}\n`);
      }
      live?.redraw();
    });
  });
  // The clock and the countdown move even while no change settles; unref'd, it never holds the process open.
  const ticker = live ? setInterval(() => live.redraw(), TICK_MS) : undefined;
  ticker?.unref();
  return () => {
    clearInterval(ticker);
    for (const stop of stops) stop();
  };
}

/** A duration as a clock reading: 12s, 4m05s, 1h04m. */
function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1_000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
