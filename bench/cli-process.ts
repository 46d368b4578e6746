// Runs the built CLI (dist/invitectl.js) in a process of its own, with the bench's Node, timing it and reading its peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kill, trackGroup } from './children.ts';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bundle under test, relative to ROOT. */
export const BUNDLE = 'dist/invitectl.js';

/** One CLI run. */
export interface CliRun {
  /** Exit code, or null when killed by a signal (or the timeout). */
  code: number | null;
  /** Spawn to exit, as seen by the bench. */
  ms: number;
  /** Peak resident set size of the CLI process (not of any wrapper), in MiB; undefined if unknown. */
  peakRssMb: number | undefined;
  /** The last 256 KiB of each stream. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const GNU_TIME = '/usr/bin/time';
const KEEP = 256 * 1024;

/** Where GNU time is missing (macOS, Alpine), the CLI reports its own maxRSS from an `exit` hook loaded with --import. */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import{writeFileSync}from'node:fs';process.on('exit',()=>{try{writeFileSync(process.env.INVITECTL_BENCH_RSS_FILE,String(process.resourceUsage().maxRSS))}catch{}})",
)}`;

let gnuTime: boolean | undefined;
/** Whether /usr/bin/time is GNU time, whose `-f %M` is the child's maxRSS (KiB) from wait4: exact, and nothing loaded into the CLI. */
export function usesGnuTime(): boolean {
  if (gnuTime === undefined) {
    const probe = existsSync(GNU_TIME) ? spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' }) : undefined;
    gnuTime = probe !== undefined && /GNU/.test(`${probe.stdout}${probe.stderr}`);
  }
  return gnuTime;
}

/** Builds dist/ with scripts/build.ts, as `npm run build` does; throws with the build's output if it fails. */
export function buildCli(): void {
  const build = spawnSync(process.execPath, ['scripts/build.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}${build.stdout}`);
}

/** The environment a CLI run gets: only what a shell would give, colour off, plus `extra` (the sandbox's URLs and keys). */
export function cliEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return { ...base, NO_COLOR: '1', ...extra };
}

let runs = 0;

/**
 * Runs `node dist/invitectl.js ...args` in `cwd` and waits for it to exit (killing it, and
 * anything it started, after `timeoutMs`). `script` (relative to the repository) runs another
 * file the same way, measured the same way: the apply row's bare client.
 */
export async function runCli(args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number; script?: string }): Promise<CliRun> {
  const script = join(ROOT, options.script ?? BUNDLE);
  const rssFile = join(tmpdir(), `invitectl-bench-rss-${process.pid}-${++runs}`);
  const [command, ...rest] = usesGnuTime()
    ? [GNU_TIME, '-f', '%M', '-o', rssFile, process.execPath, script, ...args]
    : [process.execPath, '--import', RSS_HOOK, script, ...args];
  const env = usesGnuTime() ? options.env : { ...options.env, INVITECTL_BENCH_RSS_FILE: rssFile };
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  // Its own process group, so a kill reaches the CLI under /usr/bin/time too.
  const child = trackGroup(spawn(command!, rest, { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout = (stdout + text).slice(-KEEP)));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-KEEP)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill(child);
  }, options.timeoutMs ?? 120_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    });
    const ms = performance.now() - started;
    return { code: timedOut ? null : code, ms, peakRssMb: await readRss(rssFile), stdout, stderr, timedOut };
  } finally {
    clearTimeout(timer);
    kill(child);
    await rm(rssFile, { force: true });
  }
}

/** The last number in the file (GNU time writes a "terminated by signal" line before it), KiB → MiB. */
async function readRss(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const numbers = text.match(/\d+/g);
  const kib = numbers ? Number(numbers[numbers.length - 1]) : Number.NaN;
  return Number.isFinite(kib) && kib > 0 ? kib / 1024 : undefined;
}

/** The CLI's one-line reason for a failed run: apply's summary and first failure (exit 3), else the first line of stderr that is not progress. */
export function reason(run: CliRun): string {
  if (run.timedOut) return 'timed out (killed by the bench)';
  // Progress lines are redrawn with \r and ANSI erase codes.
  const lines = (text: string) => text.split(/[\r\n]+/).map((line) => line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim()).filter((line) => line !== '');
  const all = [...lines(run.stderr), ...lines(run.stdout)];
  const progress = (line: string) => /^(✓|-|\[\d+\/\d+\])/.test(line);
  const said =
    run.code === 3
      ? [all.find((line) => line.startsWith('Apply: ')), all.find((line) => line.startsWith('✗'))].filter((line) => line !== undefined).join(' ')
      : lines(run.stderr).find((line) => !progress(line));
  return `exit ${run.code ?? 'by signal'}: ${said ? said.slice(0, 300) : '(nothing on stderr)'}`;
}
