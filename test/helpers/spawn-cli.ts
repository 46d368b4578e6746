// Runs the real CLI (src/bin.ts) as a child process, for behaviour that only a process shows: pipes, exit codes, signals.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../src/bin.ts');
export const ROOT = join(import.meta.dirname, '../..');

/** What a child CLI printed on stderr, what the test read of stdout, and its exit code. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns `node src/bin.ts …argv`; `reader` sees stdout as it arrives and returns true to close the
 * pipe there (as `head` does), so later writes hit a closed pipe.
 */
export function spawnCli(argv: string[], options: { env?: Record<string, string>; reader?: (soFar: string) => boolean; cwd?: string } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const reader = options.reader;
    if (reader?.('')) child.stdout.destroy();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (reader?.(stdout)) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
