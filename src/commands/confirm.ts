// Asking the user to type "yes" before apply, when there is a terminal.
import { createInterface } from 'node:readline/promises';
import type { CliIO } from '../io.ts';

const END_OF_INPUT = Symbol('end of input');

/**
 * Asks on the terminal; without one there is nobody to ask, and the caller must refuse.
 * Ctrl-D (the end of input) is a "no", like any answer but "yes".
 */
export async function confirm(io: CliIO, question: string): Promise<'yes' | 'declined' | 'no-terminal'> {
  const input = io.stdin;
  if (!input?.isTTY || !io.stderr.isTTY) return 'no-terminal';
  // Line mode: the terminal echoes and edits; we only need the answer.
  const prompt = createInterface({ input, output: io.stderr as NodeJS.WritableStream, terminal: false });
  // At the end of input the question would never settle, leaving the process to exit on an unsettled await.
  const ended = new Promise<typeof END_OF_INPUT>((resolve) => prompt.once('close', () => resolve(END_OF_INPUT)));
  const asked = prompt.question(question, io.signal ? { signal: io.signal } : {});
  asked.catch(() => undefined);
  try {
    const answer = await Promise.race([asked, ended]);
    if (answer === END_OF_INPUT) {
      // The cursor still sits after the prompt: the caller's one line starts on a line of its own.
      io.stderr.write('\n');
      return 'declined';
    }
    return answer.trim() === 'yes' ? 'yes' : 'declined';
  } catch {
    return 'declined';
  } finally {
    prompt.close();
  }
}
