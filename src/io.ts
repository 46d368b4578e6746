// The CLI's view of the world (streams, cwd, env, clock, signal) and the Command interface of a verb.
/** A stream the CLI writes to; `isTTY` decides colour and progress style. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Everything a command may touch of the outside world; only `bin.ts` builds it from `process`. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop when it fires. */
  signal?: AbortSignal;
  /** The time plans are made at (expiry, `until`); tests and the demo pin it. Default: now. */
  now?: () => Date;
  /** Interactive input for confirmation prompts; absent when there is no terminal. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** One verb of the CLI: its help text and what it does (its one-line summary lives in cli.ts's registry). */
export interface Command {
  name: string;
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
