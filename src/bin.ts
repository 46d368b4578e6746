// The executable: runs main() with the real process streams and exits with its code.
import { main } from './cli.ts';

// The only module that touches `process`: it builds the CLI's io and sets the exit code.
const controller = new AbortController();
let interrupted = false;
const onSignal = (): void => {
  // First signal: let the running command stop cleanly; a second one exits at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// A reader that stops early (`| head`, `| grep -q`, quitting less) closes the pipe: the rest of
// the output has nowhere to go, which is no error. The command still finishes (an apply is never
// cut short by its pager) and exits with its own code.
const BROKEN_PIPE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!BROKEN_PIPE.has(error.code ?? '')) throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  // Lazy: opening stdin only when a command asks for it keeps it from holding the process open.
  get stdin() {
    return process.stdin;
  },
});
