// bench/results/latest.json and latest.md: what a full run wrote, and the markdown table the README's Performance section is made from.
import { execSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatMarkdown, type BenchRow } from './table.ts';

const DIR = fileURLToPath(new URL('./results/', import.meta.url));
export const JSON_FILE = `${DIR}latest.json`;
export const MARKDOWN_FILE = `${DIR}latest.md`;

/** The machine and code a run measured. */
export type Machine = Record<string, string | number>;

/** What latest.json holds. */
export interface Results {
  date: string;
  machine: Machine;
  seconds: number;
  /** Whether the minutes-long rows (`--slow`) ran. */
  slow: boolean;
  rows: BenchRow[];
  measurements: Record<string, unknown>;
}

/** CPU, cores, memory, Node, platform and the commit measured. */
export function machine(): Machine {
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`, commit };
}

/** The markdown for latest.md: where and when, then the table. */
export function markdownOf(results: Results): string {
  const m = results.machine;
  const heading =
    `${m['cpu']}, ${m['cores']} cores, ${m['memoryGb']} GB, ${m['platform']}, Node ${m['node']}, commit ${m['commit']}, ${results.date.slice(0, 10)} ` +
    `(\`npm run bench${results.slow ? ' -- --slow' : ''}\`, ${results.seconds} s${results.slow ? '' : '; the 100/min rate-limit row needs `--slow`'}):`;
  return formatMarkdown(results.rows, heading);
}

/** Writes latest.json and latest.md. */
export async function writeResults(results: Results): Promise<void> {
  await mkdir(DIR, { recursive: true });
  await writeFile(JSON_FILE, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(MARKDOWN_FILE, markdownOf(results));
}

/** Regenerates latest.md from latest.json (no run) and returns it. */
export async function regenerateMarkdown(): Promise<string> {
  const results = JSON.parse(await readFile(JSON_FILE, 'utf8')) as Results;
  const markdown = markdownOf({ ...results, slow: results.slow ?? false });
  await writeFile(MARKDOWN_FILE, markdown);
  return markdown;
}
