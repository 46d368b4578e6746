// Loading a config file: YAML, origin interpolation, the schema, then the rules, every problem at once.
import { ConfigError } from '../errors.ts';
import type { DesiredState } from '../model.ts';
import { parseYaml, readYamlFile, type YamlFile } from '../yaml.ts';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { desiredStateFrom, groupConflicts } from './desired.ts';
import { loadConfigDir } from './directory.ts';
import { groupProblems, type Locate } from './groups.ts';
import { problemsFromIssues } from './issues.ts';
import { interpolate, originFields } from './interpolate.ts';
import { formatPath, sortProblems, type ConfigProblem } from './problem.ts';
import { locateIn, problemsFromRules } from './rules.ts';
import { configSchema, type Config } from './schema.ts';

/** A config file that passed every check. */
export interface LoadedConfig {
  file: string;
  config: Config;
  desired: DesiredState;
}

/** The result of checking a config text: the config, or every problem in it. */
export type ConfigCheck = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/**
 * Reads and checks a config file, or every `*.yaml`/`*.yml` file of a directory (`file` as the
 * user typed it, resolved against `cwd`); throws ConfigError listing every problem, each naming
 * its own file.
 */
export async function loadConfig(file: string, cwd: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<LoadedConfig> {
  if (await isDirectory(resolve(cwd, file))) return loadConfigDir(file, cwd, env);
  const read = await readYamlFile(file, cwd);
  if (!read.ok) {
    const hint = read.message === 'no such file' ? ' (pass the config with -c FILE)' : '';
    throw new ConfigError([{ file, line: read.line, col: read.col, path: '', message: `${read.message}${hint}` }]);
  }
  const checked = checkConfigText(read.text, file, env);
  if (!checked.ok) throw new ConfigError(checked.problems);
  return { file, config: checked.config, desired: desiredStateFrom(checked.config) };
}

/**
 * Parses and validates config text: YAML, then `${VAR:-default}` in the origin fields, then the
 * schema, then the semantic rules, all at once.
 */
export function checkConfigText(text: string, file: string, env: Readonly<Record<string, string | undefined>> = {}): ConfigCheck {
  const yaml = parseYaml(text);
  const problems: ConfigProblem[] = yaml.problems.map((p) => ({ file, line: p.line, col: p.col, path: '', message: withYamlHint(p.message) }));
  // Nothing but blanks and comments: say so, rather than "expected a mapping, got null".
  if (text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'))) return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: EMPTY }] };
  if (!yaml.file) return { ok: false, problems: sortProblems(problems) };
  problems.push(...interpolateOrigins(yaml.file, file, env));
  const schema = configSchema();
  const parsed = schema.safeParse(yaml.file.value);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, file, yaml.file, schema));
  problems.push(...problemsFromRules(file, yaml.file));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: sortProblems(problems) };
  const groupsChecked = groupChecks(parsed.data, locateIn(file, yaml.file));
  if (groupsChecked.length > 0) return { ok: false, problems: sortProblems(groupsChecked) };
  return { ok: true, config: parsed.data };
}

const EMPTY = 'the file is empty (a config starts with "version: 1" and "orgs:"; see invites.example.yaml)';

/** YAML reserves `@` at the start of a plain value: `@current` must be quoted (validate and fmt say so alike). */
export function withYamlHint(message: string): string {
  return /reserved character @/.test(message) ? `${message}; quote a value that starts with @, e.g. organization_id: "@current"` : message;
}

/** The checks of groups and grants over a validated (possibly merged) config: names, then the people no rule can resolve. */
export function groupChecks(config: Config, locate: Locate): ConfigProblem[] {
  const named = groupProblems(config.groups ?? {}, config.orgs, locate);
  if (named.length > 0) return named;
  return groupConflicts(config).map(({ path, message }) => ({ ...locate(path), path: formatPath(path), message }));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** Replaces environment references in each org's origin field in place, reporting unset ones. */
export function interpolateOrigins(yaml: YamlFile, file: string, env: Readonly<Record<string, string | undefined>>): ConfigProblem[] {
  const root = yaml.value;
  const orgs = isRecord(root) && isRecord(root['orgs']) ? root['orgs'] : {};
  const problems: ConfigProblem[] = [];
  const fields = originFields();
  for (const [name, org] of Object.entries(orgs)) {
    if (!isRecord(org)) continue;
    for (const field of fields) {
      const value = org[field];
      if (typeof value !== 'string') continue;
      const result = interpolate(value, env);
      if (result.ok) org[field] = result.value;
      else {
        const path = ['orgs', name, field];
        problems.push({ file, ...yaml.positionOf(path), path: formatPath(path), message: result.message });
      }
    }
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
