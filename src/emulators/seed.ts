import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { formatPath, formatProblem, sortProblems, type ConfigProblem } from '../config/problem.ts';
import { decodeYamlBytes, parseYaml, type YamlFile } from '../yaml.ts';
import { anthropicSeedSchema, defaultAnthropicSeed, type AnthropicSeed } from './anthropic/index.ts';
import { defaultPostHogSeed, postHogSeedSchema, type PostHogSeed } from './posthog/index.ts';

/** A sandbox seed file: each API's starting state; a section left out means that API's default. */
export interface SandboxSeed {
  posthog?: PostHogSeed;
  anthropic?: AnthropicSeed;
}

/** Both APIs' starting state, defaults filled in. */
export interface ResolvedSeed {
  posthog: PostHogSeed;
  anthropic: AnthropicSeed;
}

/** One thing wrong with a seed file, at the line and column to fix (path e.g. `anthropic.invites[1].email`). */
export type SeedProblem = ConfigProblem;

/** The outcome of reading a seed: both seeds, or every problem found. */
export type SeedCheck = { ok: true; seed: ResolvedSeed } | { ok: false; problems: SeedProblem[] };

const seedFileSchema = z.strictObject({
  posthog: postHogSeedSchema.optional(),
  anthropic: anthropicSeedSchema.optional(),
});

/** Fills in the default seed for every API the seed leaves out. */
export function resolveSeed(seed: SandboxSeed = {}): ResolvedSeed {
  return { posthog: seed.posthog ?? defaultPostHogSeed(), anthropic: seed.anthropic ?? defaultAnthropicSeed() };
}

/**
 * Parses and validates seed text (YAML, or JSON, which YAML reads with the same positions);
 * `file` only names the file in problems. An empty file means both defaults.
 */
export function checkSeedText(text: string, file: string): SeedCheck {
  const yaml = parseYaml(text);
  const problems: SeedProblem[] = yaml.problems.map((p) => ({ file, line: p.line, col: p.col, path: '', message: p.message }));
  if (!yaml.file) return { ok: false, problems };
  const value = yaml.file.value ?? {};
  const parsed = seedFileSchema.safeParse(value);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, file, yaml.file));
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  // Hand the emulators the seed as written; they apply their own schema's defaults.
  return { ok: true, seed: resolveSeed(value as SandboxSeed) };
}

/** Reads and checks a seed file (`file` as the user typed it, resolved against `cwd`). */
export async function loadSeedFile(file: string, cwd: string): Promise<SeedCheck> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: reason }] };
  }
  const decoded = decodeYamlBytes(bytes);
  if (!decoded.ok) return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: decoded.message }] };
  return checkSeedText(decoded.text, file);
}

/** `FILE:LINE:COL: path: message`, the one line a problem prints as (as for config files). */
export const formatSeedProblem: (problem: SeedProblem) => string = formatProblem;

function problemsFromIssues(issues: readonly z.core.$ZodIssue[], file: string, yaml: YamlFile): SeedProblem[] {
  return issues.flatMap((issue): SeedProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      // One problem per key, pointing at the key itself rather than its parent.
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        return { file, ...yaml.positionOf(path, 'key'), path: formatPath(path), message: `unknown key "${key}"` };
      });
    }
    const missing = issue.code === 'invalid_type' && valueAt(yaml.value, issue.path) === undefined;
    return [{ file, ...yaml.positionOf(issue.path), path: formatPath(issue.path), message: missing ? 'is required' : issue.message }];
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
