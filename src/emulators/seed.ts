import { z } from 'zod';
import { problemsFromIssues } from '../config/issues.ts';
import { formatProblem, sortProblems, type ConfigProblem } from '../config/problem.ts';
import { parseYaml, readYamlFile } from '../yaml.ts';
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
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, file, yaml.file, seedFileSchema));
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  // Hand the emulators the seed as written; they apply their own schema's defaults.
  return { ok: true, seed: resolveSeed(value as SandboxSeed) };
}

/** Reads and checks a seed file (`file` as the user typed it, resolved against `cwd`). */
export async function loadSeedFile(file: string, cwd: string): Promise<SeedCheck> {
  const read = await readYamlFile(file, cwd);
  if (!read.ok) return { ok: false, problems: [{ file, line: read.line, col: read.col, path: '', message: read.message }] };
  return checkSeedText(read.text, file);
}

/** `FILE:LINE:COL: path: message`, the one line a problem prints as (as for config files). */
export const formatSeedProblem: (problem: SeedProblem) => string = formatProblem;
