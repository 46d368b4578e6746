// Asking the user to type "yes" before apply, when there is a terminal.
import { createInterface } from 'node:readline/promises';
import type { CliIO } from '../io.ts';

/** Asks on the terminal; without one there is nobody to ask, and the caller must refuse. */
export async function confirm(io: CliIO, question: string): Promise<'yes' | 'declined' | 'no-terminal'> {
  const input = io.stdin;
  if (!input?.isTTY || !io.stderr.isTTY) return 'no-terminal';
  // Line mode: the terminal echoes and edits; we only need the answer.
  const prompt = createInterface({ input, output: io.stderr as NodeJS.WritableStream, terminal: false });
  try {
    const answer = await prompt.question(question, io.signal ? { signal: io.signal } : {});
    return answer.trim() === 'yes' ? 'yes' : 'declined';
  } catch {
    return 'declined';
  } finally {
    prompt.close();
  }
}
