// Writing GitHub Actions step outputs ($GITHUB_OUTPUT) safely.
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { InvitectlError } from '../errors.ts';

/** Output names GitHub accepts: a letter or `_`, then letters, digits, `_` or `-`. */
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * One step output in `$GITHUB_OUTPUT` syntax: `name=value`, or the heredoc form
 * `name<<DELIMITER` when the value has a line break (a random delimiter the value cannot contain).
 */
export function formatOutput(name: string, value: string): string {
  if (!OUTPUT_NAME.test(name)) throw new Error(`invalid step output name "${name}"`);
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  const delimiter = `invitectl_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Appends the outputs to the step's outputs file; a failure is an error, since later steps would read nothing. */
export async function writeOutputs(file: string, outputs: Readonly<Record<string, string>>): Promise<void> {
  const text = Object.entries(outputs)
    .map(([name, value]) => formatOutput(name, value))
    .join('');
  try {
    await appendFile(file, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvitectlError(`cannot write step outputs to $GITHUB_OUTPUT (${file}): ${code}`);
  }
}
