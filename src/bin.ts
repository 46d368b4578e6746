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
