// A config directory (-c DIR): every *.yaml/*.yml file in it, checked on its own, then merged into one config.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { parseYaml, readYamlFile, type YamlFile } from '../yaml.ts';
import { desiredStateFrom } from './desired.ts';
import type { Locate } from './groups.ts';
import { problemsFromIssues } from './issues.ts';
import { groupChecks, interpolateOrigins, type LoadedConfig } from './load.ts';
import { formatPath, sortProblems, type ConfigProblem } from './problem.ts';
import { crossOrgProblems, problemsInFile } from './rules.ts';
import { configPartSchema, type Config, type ConfigPart } from './schema.ts';

/** The most config files one directory may hold: each is read and kept in memory. */
export const MAX_CONFIG_FILES = 1000;

/** The names of a directory's config files, in name order (code units, the same on every OS). */
export async function configFileNames(dir: string, cwd: string): Promise<string[]> {
  const entries = await readdir(resolve(cwd, dir), { withFileTypes: true });
  const names = entries.filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name)).map((entry) => entry.name);
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One file of the directory, checked. */
interface Part {
  file: string;
  yaml: YamlFile;
  data: ConfigPart;
  raw: Record<string, unknown>;
}

/**
 * Loads every `*.yaml`/`*.yml` file of `dir` (not recursive, name order): each is checked on its
 * own (its problems name it), then merged: an org, a group or the top-level `safety` defined in two
 * files is refused, naming both; the checks across orgs and groups run on the merged whole.
 */
export async function loadConfigDir(dir: string, cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig> {
  const names = await configFileNames(dir, cwd).catch(() => {
    throw new ConfigError([{ file: dir, line: 1, col: 1, path: '', message: 'cannot read the directory' }]);
  });
  if (names.length === 0) throw new ConfigError([{ file: dir, line: 1, col: 1, path: '', message: 'no *.yaml or *.yml files in this directory' }]);
  if (names.length > MAX_CONFIG_FILES) throw new ConfigError([{ file: dir, line: 1, col: 1, path: '', message: `more than ${MAX_CONFIG_FILES} config files in this directory` }]);
  const problems: ConfigProblem[] = [];
  const parts: Part[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const checked = await checkPart(file, cwd, env);
    problems.push(...checked.problems);
    if (checked.part) parts.push(checked.part);
  }
  if (problems.length > 0) throw new ConfigError(sortProblems(problems));
  const merged = mergeParts(parts);
  if (merged.problems.length > 0) throw new ConfigError(sortProblems(merged.problems));
  const config = merged.config;
  const rawOrgs = Object.fromEntries(parts.flatMap((part) => Object.entries(recordAt(part.raw, 'orgs'))));
  const across = [...crossOrgProblems(rawOrgs, merged.locate), ...groupChecks(config, merged.locate)];
  if (across.length > 0) throw new ConfigError(sortProblems(across));
  return { file: dir, config, desired: desiredStateFrom(config) };
}

/** One file read, its origins interpolated, checked against the part schema and the one-file rules. */
async function checkPart(file: string, cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<{ problems: ConfigProblem[]; part?: Part }> {
  const read = await readYamlFile(file, cwd);
  if (!read.ok) return { problems: [{ file, line: read.line, col: read.col, path: '', message: read.message }] };
  const yaml = parseYaml(read.text);
  const problems: ConfigProblem[] = yaml.problems.map((p) => ({ file, line: p.line, col: p.col, path: '', message: p.message }));
  if (!yaml.file) return { problems };
  // An empty file (only comments) holds nothing; it is not an error in a directory.
  if (yaml.file.value === null) return { problems };
  problems.push(...interpolateOrigins(yaml.file, file, env));
  const schema = configPartSchema();
  const parsed = schema.safeParse(yaml.file.value);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, file, yaml.file, schema));
  problems.push(...problemsInFile(file, yaml.file));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { problems, part: { file, yaml: yaml.file, data: parsed.data, raw: yaml.file.value as Record<string, unknown> } };
}

/** The files merged in name order; a second definition of an org, a group or `safety` is refused at its place, naming the first. */
function mergeParts(parts: readonly Part[]): { config: Config; locate: Locate; problems: ConfigProblem[] } {
  const owners = new Map<string, Part>();
  const problems: ConfigProblem[] = [];
  const config: Config = { version: 1, orgs: {} };
  const claim = (path: PropertyKey[], part: Part, what: string): boolean => {
    const key = path.join('\0');
    const earlier = owners.get(key);
    if (earlier === undefined) {
      owners.set(key, part);
      return true;
    }
    const at = earlier.yaml.positionOf(path, 'key');
    problems.push({ file: part.file, ...part.yaml.positionOf(path, 'key'), path: formatPath(path), message: `${what} is also defined in ${earlier.file}:${at.line}:${at.col}; define it in one file` });
    return false;
  };
  for (const part of parts) {
    if (part.data.safety !== undefined && claim(['safety'], part, 'safety')) config.safety = part.data.safety;
    for (const [name, group] of Object.entries(part.data.groups ?? {})) {
      if (claim(['groups', name], part, `group ${name}`)) (config.groups ??= {})[name] = group;
    }
    for (const [name, org] of Object.entries(part.data.orgs ?? {})) {
      if (claim(['orgs', name], part, `org ${name}`)) config.orgs[name] = org;
    }
  }
  if (problems.length === 0 && Object.keys(config.orgs).length === 0) {
    problems.push({ file: parts[0]?.file ?? '.', line: 1, col: 1, path: 'orgs', message: 'no file of the directory defines any org' });
  }
  const locate: Locate = (path, part) => {
    // A path under an org or a group is in the file that defines it; anything else in the first file.
    const owner = owners.get(path.slice(0, 2).join('\0')) ?? owners.get(String(path[0])) ?? parts[0]!;
    return { file: owner.file, ...owner.yaml.positionOf(path, part) };
  };
  return { config, locate, problems };
}

function recordAt(root: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = root[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
