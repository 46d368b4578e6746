// Every process the bench starts, so that all of them are killed when it ends, fails or is interrupted.
import type { ChildProcess } from 'node:child_process';

const alive = new Set<ChildProcess>();
let installed = false;

/** Tracks `child` until it exits; detached children are killed with their whole process group. */
export function track(child: ChildProcess): ChildProcess {
  installHandlers();
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  return child;
}

/** Kills every tracked process that is still running (synchronous, so it also works from `exit`). */
export function killAll(): void {
  for (const child of alive) kill(child);
  alive.clear();
}

/** SIGKILLs `child`, and its process group when it was spawned detached (e.g. /usr/bin/time and the CLI under it). */
export function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (detached.has(child)) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone between the check and the kill.
  }
}

const detached = new WeakSet<ChildProcess>();

/** Marks `child` as the leader of its own process group (spawned with `detached: true`). */
export function trackGroup(child: ChildProcess): ChildProcess {
  detached.add(child);
  return track(child);
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAll();
      process.stderr.write(`\nbench: ${signal}, stopped every child process\n`);
      process.exit(130);
    });
  }
}
