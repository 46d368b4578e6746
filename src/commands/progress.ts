// apply's live progress counter on stderr.
import type { OutputStream } from '../io.ts';
import type { ChangeResult } from '../model.ts';
import type { RateBudget } from '../rate-budget.ts';
import { formatResultLine } from '../render/apply-text.ts';

/** Progress on stderr: a live counter on a terminal, one line per change otherwise (CI logs). */
export function progressReporter(stderr: OutputStream, total: number): (result: ChangeResult) => void {
  let done = 0;
  let failed = 0;
  return (result) => {
    done += 1;
    if (result.outcome === 'failed') failed += 1;
    if (!stderr.isTTY) {
      stderr.write(`${formatResultLine(result)}\n`);
      return;
    }
    // One line redrawn in place; failures stay on screen above it.
    if (result.outcome === 'failed') stderr.write(`\r\x1b[2K${formatResultLine(result)}\n`);
    stderr.write(`\r\x1b[2K[${done}/${total}] applying…${failed ? ` ${failed} failed` : ''}${done === total ? '\n' : ''}`);
  };
}

/** Waits shorter than this are pacing between requests, not worth a line. */
const NOTABLE_WAIT_MS = 2_000;

/** At most one wait line per key this often, so steady pacing does not flood a CI log. */
const WAIT_LINE_EVERY_MS = 10_000;

/**
 * Says on stderr when requests on a key wait for a rate limit, and for how long ("waiting 12 s:
 * rate limit: paused 12 s by a 429"). Returns a function that stops listening.
 */
export function reportWaits(stderr: OutputStream, budgets: Iterable<RateBudget>, now: () => number = () => performance.now()): () => void {
  const stops = [...new Set(budgets)].map((budget) => {
    let lastLine = Number.NEGATIVE_INFINITY;
    return budget.onWait((wait) => {
      if (wait.waitMs < NOTABLE_WAIT_MS || now() - lastLine < WAIT_LINE_EVERY_MS) return;
      lastLine = now();
      stderr.write(`${stderr.isTTY ? '\r\x1b[2K' : ''}waiting ${Math.ceil(wait.waitMs / 1000)} s: ${wait.message}\n`);
    });
  });
  return () => {
    for (const stop of stops) stop();
  };
}
