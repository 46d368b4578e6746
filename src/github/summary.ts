// Appending to the GitHub Actions job summary ($GITHUB_STEP_SUMMARY), bounded in size.
import { appendFile, stat } from 'node:fs/promises';

/** GitHub uploads at most 1 MiB of summary per step; over that the whole upload fails. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/** Room left for the next markdown: line breaks between parts, and what GitHub adds itself. */
const SAFETY_BYTES = 1024;

/** What became of an append to the job summary. */
export type SummaryResult = { written: true; bytes: number } | { written: false; reason: string };

/**
 * Appends markdown to the step summary file, rendered by `render(maxLength)` to fit what is left
 * of the step's 1 MiB: it renders once at the room left in characters and, when multi-byte text
 * makes that too many bytes, again shorter than what came back by the bytes it was over (scaled to
 * characters). Skips (never cuts mid-markdown) when even `minLength` characters would not fit.
 */
export async function appendSummary(file: string, render: (maxLength: number) => string, minLength: number): Promise<SummaryResult> {
  const used = await sizeOf(file);
  const room = SUMMARY_LIMIT_BYTES - used - SAFETY_BYTES;
  if (room < minLength) return { written: false, reason: `the step summary already has ${used} bytes of its ${SUMMARY_LIMIT_BYTES}` };
  let maxLength = room;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const text = render(maxLength);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= room) {
      try {
        await appendFile(file, `${used > 0 ? '\n' : ''}${text}\n`, 'utf8');
      } catch (error) {
        return { written: false, reason: `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
      }
      return { written: true, bytes };
    }
    // Scaled from what came back, not from what was asked: asking for a little less than a text that
    // was already shorter gets the same text again (it stalled 1 byte over at 25,006 changes).
    maxLength = Math.min(maxLength, text.length) - Math.max(1, Math.ceil(((bytes - room) * text.length) / bytes));
    if (maxLength < minLength) break;
  }
  return { written: false, reason: `the markdown does not fit the ${room} bytes left in the step summary` };
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}
