import { main } from '../../src/cli.ts';
import type { CliIO } from '../../src/io.ts';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main()` end to end with captured output; env defaults to empty so no real key leaks in. */
export async function runCli(argv: string[], options: Partial<Pick<CliIO, 'env' | 'cwd' | 'signal'>> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr };
}

/** Lines that look like a JavaScript stack frame; CLI output must never contain one. */
export const STACK_FRAME = /^\s+at .+[(:]\d+/m;
