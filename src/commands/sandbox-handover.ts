// Handing the sandbox's settings over once it listens: an env file written whole, or a command run with them.
import { spawn, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pid } from 'node:process';
import { InvitectlError } from '../errors.ts';
import type { CliIO, OutputStream } from '../io.ts';

/** Plain values stay bare; anything else is single-quoted, so `. ./sandbox.env` reads it back exactly. */
export function shellValue(value: string): string {
  return /^[\w.:/@%+,=-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The settings as `KEY=value` lines, as stdout and the env file carry them. */
export function envLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env).map(([key, value]) => `${key}=${shellValue(value)}\n`).join('');
}

/**
 * Writes the settings to `file` complete or not at all: a temporary file beside it, then a
 * rename, so a script waiting for the file never reads half of it. It also names the sandbox's
 * own process (`INVITECTL_SANDBOX_PID`), which `kill` needs when npx started it.
 */
export async function writeEnvFile(file: string, cwd: string, env: Readonly<Record<string, string>>): Promise<string> {
  const target = resolve(cwd, file);
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // The keys are the emulators' own, yet a settings file is private by habit.
    await writeFile(temporary, `${envLines(env)}INVITECTL_SANDBOX_PID=${pid}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new InvitectlError(`invitectl sandbox: cannot write --write-env ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  return target;
}

/** Removes a settings file, so a stale one never points at a sandbox that has stopped. */
export async function removeEnvFile(target: string): Promise<void> {
  await rm(target, { force: true });
}

/** The stream's file descriptor when it is a real one (a terminal keeps its prompts and colour); else a pipe. */
function fdOf(stream: OutputStream): number | 'pipe' {
  const fd = (stream as { fd?: unknown }).fd;
  return typeof fd === 'number' ? fd : 'pipe';
}

/**
 * Runs `argv` with the sandbox's settings on top of the environment and returns its exit code
 * (128 + the signal number when a signal ended it, as a shell reports it).
 */
export function runWithSettings(argv: readonly string[], settings: Readonly<Record<string, string>>, io: CliIO): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) return Promise.reject(new InvitectlError('invitectl sandbox: nothing to run after --'));
  const stdio: StdioOptions = ['inherit', fdOf(io.stdout), fdOf(io.stderr)];
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env: { ...io.env, ...settings }, cwd: io.cwd, stdio, ...(io.signal ? { signal: io.signal, killSignal: 'SIGTERM' as const } : {}) });
    child.stdout?.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Ctrl-C reaches the command too; its own exit code follows in 'close'.
      if (error.name === 'AbortError') return;
      fail(new InvitectlError(`invitectl sandbox: cannot run ${JSON.stringify(command)}: ${error.code ?? error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}
