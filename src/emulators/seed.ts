// Sandbox seed files: one section per emulated API, each checked by that API's own schema.
import { z } from 'zod';
import { problemsFromIssues } from '../config/issues.ts';
import { formatProblem, sortProblems, type ConfigProblem } from '../config/problem.ts';
import { parseYaml, readYamlFile } from '../yaml.ts';
import type { AnyEmulatorModule, SeedOf } from './module.ts';
import { EMULATORS, type RegisteredEmulators } from './registry.ts';

/** A sandbox seed file: each API's starting state; a section left out means that API's default. */
export type SandboxSeed<Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators> = { [M in Ms[number] as M['name']]?: SeedOf<M> };

/** Every API's starting state, defaults filled in. */
export type ResolvedSeed<Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators> = { [M in Ms[number] as M['name']]: SeedOf<M> };

/** One thing wrong with a seed file, at the line and column to fix (path e.g. `<api>.invites[1].email`). */
export type SeedProblem = ConfigProblem;

/** The outcome of reading a seed: every API's seed, or every problem found. */
export type SeedCheck<Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators> = { ok: true; seed: ResolvedSeed<Ms> } | { ok: false; problems: SeedProblem[] };

/** The seed file's schema: one optional section per API, nothing else. */
function seedFileSchema(emulators: readonly AnyEmulatorModule[]) {
  return z.strictObject(Object.fromEntries(emulators.map((emulator) => [emulator.name, emulator.seedSchema.optional()])));
}

/** Fills in the default seed for every API the seed leaves out. */
export function resolveSeed<const Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators>(
  seed: SandboxSeed<Ms> = {} as SandboxSeed<Ms>,
  emulators: Ms = EMULATORS as unknown as Ms,
): ResolvedSeed<Ms> {
  const sections = seed as Record<string, unknown>;
  return Object.fromEntries(emulators.map((emulator) => [emulator.name, sections[emulator.name] ?? emulator.defaultSeed()])) as ResolvedSeed<Ms>;
}

/**
 * Parses and validates seed text (YAML, or JSON, which YAML reads with the same positions);
 * `file` only names the file in problems. An empty file means every default.
 */
export function checkSeedText<const Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators>(
  text: string,
  file: string,
  emulators: Ms = EMULATORS as unknown as Ms,
): SeedCheck<Ms> {
  const yaml = parseYaml(text);
  const problems: SeedProblem[] = yaml.problems.map((p) => ({ file, line: p.line, col: p.col, path: '', message: p.message }));
  if (!yaml.file) return { ok: false, problems };
  const value = yaml.file.value ?? {};
  const schema = seedFileSchema(emulators);
  const parsed = schema.safeParse(value);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, file, yaml.file, schema));
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  // Hand the emulators the seed as written; they apply their own schema's defaults.
  return { ok: true, seed: resolveSeed(value as SandboxSeed<Ms>, emulators) };
}

/** Reads and checks a seed file (`file` as the user typed it, resolved against `cwd`). */
export async function loadSeedFile<const Ms extends readonly AnyEmulatorModule[] = RegisteredEmulators>(
  file: string,
  cwd: string,
  emulators: Ms = EMULATORS as unknown as Ms,
): Promise<SeedCheck<Ms>> {
  const read = await readYamlFile(file, cwd);
  if (!read.ok) return { ok: false, problems: [{ file, line: read.line, col: read.col, path: '', message: read.message }] };
  return checkSeedText(read.text, file, emulators);
}

/** `FILE:LINE:COL: path: message`, the one line a problem prints as (as for config files). */
export const formatSeedProblem: (problem: SeedProblem) => string = formatProblem;
