// apply's live progress counter on stderr.
import type { OutputStream } from '../io.ts';
import type { ChangeResult } from '../model.ts';
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
