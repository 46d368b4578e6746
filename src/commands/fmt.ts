// `invitectl fmt`: rewrites config files in canonical key order and indentation, every comment kept; --check for CI.
import { randomBytes } from 'node:crypto';
import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { canonicalYaml } from '../config/canonical.ts';
import { configFileNames, MAX_CONFIG_FILES } from '../config/directory.ts';
import { withYamlHint } from '../config/load.ts';
import { sortProblems, type ConfigProblem } from '../config/problem.ts';
import { ConfigError, InvitectlError } from '../errors.ts';
import { annotateProblems } from '../github/annotations.ts';
import type { Command } from '../io.ts';
import { cleanText } from '../sanitize.ts';
import { parseYaml, readYamlFile } from '../yaml.ts';
import { parseVerbArgs } from './args.ts';

const NOT_FORMATTED = 'not formatted (run invitectl fmt)';

/** `invitectl fmt`: canonical order and indentation for a config file or directory. */
export const fmtCommand: Command = {
  name: 'fmt',
  help: `Usage: invitectl fmt [-c FILE|DIR] [--check]

Rewrites the config in canonical form: top-level keys as version, safety, groups,
orgs; in an org provider, its connection keys, the common keys in schema order,
then invites and grants; in an invite email, its level or role, then the rest.
Unknown keys follow, in their order; orgs, groups and invites keep yours. Two-space
indentation. Every comment is kept. With a directory, every *.yaml/*.yml in it.
A file that is not valid YAML is refused and left as it is; the schema is not
checked (that is validate's job). Only files that change are written (atomically).

Options:
  -c, --config FILE   config file or directory (default: invites.yaml)
      --check         write nothing; exit 1 naming each file not in canonical form
  -h, --help          show this help

Exit codes: 0 formatted (or, with --check, already canonical), 1 problems found
or, with --check, files to format.
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('fmt', argv, { config: { type: 'string', short: 'c', default: 'invites.yaml' }, check: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    const files = await configFiles(values.config, io.cwd);
    const problems: ConfigProblem[] = [];
    const changed: Array<{ file: string; text: string }> = [];
    for (const file of files) {
      const result = await formatFile(file, io.cwd);
      if ('problems' in result) problems.push(...result.problems);
      else if (result.text !== undefined) changed.push({ file, text: result.text });
    }
    // A file that cannot be read as YAML stops the run before anything is written.
    if (problems.length > 0) throw new ConfigError(sortProblems(problems));
    if (values.check) {
      for (const { file } of changed) io.stderr.write(`${cleanText(file)}: ${NOT_FORMATTED}\n`);
      io.stderr.write(annotateProblems(changed.map(({ file }) => ({ file, line: 1, col: 1, path: '', message: NOT_FORMATTED })), io.env, io.cwd));
      return changed.length > 0 ? 1 : 0;
    }
    for (const { file, text } of changed) {
      await writeAtomically(file, io.cwd, text);
      io.stdout.write(`formatted ${cleanText(file)}\n`);
    }
    return 0;
  },
};

/** The file itself, or a directory's config files as `-c DIR` loads them (name order, not recursive). */
async function configFiles(path: string, cwd: string): Promise<string[]> {
  const isDirectory = await stat(resolve(cwd, path)).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDirectory) return [path];
  const names = await configFileNames(path, cwd).catch(() => {
    throw new ConfigError([{ file: path, line: 1, col: 1, path: '', message: 'cannot read the directory' }]);
  });
  if (names.length === 0) throw new ConfigError([{ file: path, line: 1, col: 1, path: '', message: 'no *.yaml or *.yml files in this directory' }]);
  if (names.length > MAX_CONFIG_FILES) throw new ConfigError([{ file: path, line: 1, col: 1, path: '', message: `more than ${MAX_CONFIG_FILES} config files in this directory` }]);
  return names.map((name) => join(path, name));
}

/** One file's canonical text when it differs (undefined when it is canonical already), or why it cannot be formatted. */
async function formatFile(file: string, cwd: string): Promise<{ text?: string } | { problems: ConfigProblem[] }> {
  const read = await readYamlFile(file, cwd);
  if (!read.ok) {
    const hint = read.message === 'no such file' ? ' (pass the config with -c FILE)' : '';
    return { problems: [{ file, line: read.line, col: read.col, path: '', message: `${read.message}${hint}` }] };
  }
  // The loader's own parse: the same positioned messages as validate (syntax, duplicate keys, depth, aliases).
  const yaml = parseYaml(read.text);
  if (yaml.problems.length > 0 || !yaml.file) return { problems: yaml.problems.map((p) => ({ file, line: p.line, col: p.col, path: '', message: withYamlHint(p.message) })) };
  const canonical = canonicalYaml(read.text);
  if (!canonical.ok) return { problems: [{ file, line: 1, col: 1, path: '', message: canonical.message }] };
  return canonical.text === read.text ? {} : { text: canonical.text };
}

/** Writes `text` whole or not at all: a temporary file beside the target (its mode kept), then a rename over it. */
async function writeAtomically(file: string, cwd: string, text: string): Promise<void> {
  // Through a symlink, the file it points at is rewritten, and the link stays a link.
  const target = await realpath(resolve(cwd, file));
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const { mode } = await stat(target);
    await writeFile(temporary, text, { mode: mode & 0o777, flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new InvitectlError(`invitectl fmt: cannot write ${cleanText(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
}
