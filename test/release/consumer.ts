// Helpers for the release tests: pack this repository, install the tarball as a consumer would, run the installed CLI.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A Node binary and its major version. */
export interface Runtime {
  node: string;
  major: number;
}

const majorOf = (node: string): number => Number(spawnSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim());

/** The first executable `name` on PATH outside any node_modules (the machine's own, not the `node` devDependency). */
function systemBinary(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not in this PATH entry: look in the next one.
    }
  }
  return undefined;
}

/** The Node running the tests (24 from the devDependency) and the machine's own Node (20 here), distinct by major version. */
export function runtimes(): Runtime[] {
  const found = [process.execPath, systemBinary('node')].filter((node): node is string => node !== undefined);
  const byMajor = new Map(found.map((node) => [majorOf(node), node]));
  return [...byMajor].map(([major, node]) => ({ node, major }));
}

/** npm's own entry script, so npm can be run on a chosen Node (the shell's `npm` uses whatever `node` is first on PATH). */
export function npmCli(): string {
  const npm = systemBinary('npm');
  if (npm === undefined) throw new Error('npm is not on PATH');
  return join(dirname(realpathSync(npm)), 'npm-cli.js');
}

/** Runs npm with `node` in `cwd`: offline, with its own empty cache, so nothing can come from the network or a warm cache. */
export function npm(runtime: Runtime, cwd: string, args: string[]): SpawnSyncReturns<string> {
  const cache = join(cwd, '.npm-cache');
  return spawnSync(runtime.node, [npmCli(), ...args, '--offline', '--no-audit', '--no-fund', '--cache', cache, '--update-notifier=false'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dirname(runtime.node)}${delimiter}${process.env['PATH'] ?? ''}`, npm_config_loglevel: 'warn' },
    timeout: 120_000,
  });
}

/** What `npm pack` reads or runs: the package's files and what its prepack build needs. */
const STAGED = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'invites.example.yaml', 'schemas', 'src', 'scripts'];

/**
 * A copy of the repository to pack or publish from, sharing node_modules: prepack rebuilds dist/
 * there, never in the worktree, where other test files run at the same time.
 */
export function stageRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'invitectl-stage-'));
  for (const entry of STAGED) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
  return dir;
}

/** A packed tarball: its path and the files npm put in it. */
export interface Packed {
  tarball: string;
  files: string[];
}

/** `npm pack` of a staged copy of this repository (prepack builds its dist/) into that copy. */
export function pack(runtime: Runtime, staged: string): Packed {
  const destination = join(staged, 'packed');
  mkdirSync(destination);
  const run = spawnSync(runtime.node, [npmCli(), 'pack', '--json', '--pack-destination', destination], {
    cwd: staged,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`npm pack failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout.slice(run.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(destination, result.filename), files: result.files.map((file) => file.path) };
}

/** An empty project dir that installs `tarball` with `runtime`'s npm; returns the dir and npm's run. */
export function installInto(runtime: Runtime, tarball: string): { dir: string; run: SpawnSyncReturns<string> } {
  const dir = mkdtempSync(join(tmpdir(), `invitectl-consumer-${runtime.major}-`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  return { dir, run: npm(runtime, dir, ['install', tarball]) };
}

/** Runs the installed `invitectl` bin (its `#!/usr/bin/env node` shebang finds `runtime` first on PATH). */
export function invitectl(runtime: Runtime, dir: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(join(dir, 'node_modules/.bin/invitectl'), args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env, PATH: `${dirname(runtime.node)}${delimiter}${process.env['PATH'] ?? ''}` },
    timeout: 60_000,
  });
}

/**
 * Starts `invitectl sandbox --demo --port 0` (by default the bin installed in `dir`, else `command`),
 * resolves with its KEY=value lines and a stop function.
 */
export function startSandbox(runtime: Runtime, dir: string, command = [join(dir, 'node_modules/.bin/invitectl')]): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const [executable, ...leading] = command as [string, ...string[]];
  const child = spawn(executable, [...leading, 'sandbox', '--demo', '--port', '0'], {
    cwd: dir,
    env: { ...process.env, PATH: `${dirname(runtime.node)}${delimiter}${process.env['PATH'] ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // The last of the sandbox's lines: every API is listening.
      if (!/^OPENAI_ADMIN_KEY=.*\n/m.test(stdout)) return;
      const env = Object.fromEntries(stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      resolve({ env, stop });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before printing its environment`)));
  });
}
