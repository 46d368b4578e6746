// The command-line edge: main(argv, io) → exit code; loads only the verb that runs.
import { parseArgs } from 'node:util';
import { formatProblem } from './config/problem.ts';
import { closest } from './config/suggest.ts';
import { ConfigError, InvitectlError } from './errors.ts';
import { annotateProblems } from './github/annotations.ts';
import type { CliIO, Command } from './io.ts';
import { excerpt, safeMessage } from './sanitize.ts';
import { VERSION } from './version.ts';

/** A verb, its one-line summary, and how to load it: only the verb that runs is loaded, for a fast start. */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'Check the config file (no network)', load: async () => (await import('./commands/validate.ts')).validateCommand },
  { name: 'fmt', summary: 'Rewrite the config in canonical order, comments kept', load: async () => (await import('./commands/fmt.ts')).fmtCommand },
  { name: 'plan', summary: 'Show what would change (read-only)', load: async () => (await import('./commands/plan.ts')).planCommand },
  { name: 'apply', summary: 'Make the changes (re-plans first)', load: async () => (await import('./commands/apply.ts')).applyCommand },
  { name: 'import', summary: "Print an org's current invites as config YAML", load: async () => (await import('./commands/import.ts')).importCommand },
  { name: 'who', summary: 'Show where one person has access, invites and listings', load: async () => (await import('./commands/who.ts')).whoCommand },
  { name: 'report', summary: 'Write an access review of every person × org', load: async () => (await import('./commands/report.ts')).reportCommand },
  { name: 'schema', summary: 'Print the JSON Schema of the config file', load: async () => (await import('./commands/schema.ts')).schemaCommand },
  { name: 'sandbox', summary: 'Run the API emulators on 127.0.0.1', load: async () => (await import('./commands/sandbox-command.ts')).sandboxCommand },
];

/** The top-level help; the APIs are listed from the provider registry, loaded only when help is shown. */
const help = (apis: string) => `invitectl ${VERSION} — organization invites as code (${apis})

Usage: invitectl <command> [options]

Commands:
${[...COMMANDS, { name: 'help [CMD]', summary: "Show this help, or a command's" }, { name: 'version', summary: 'Print the version' }]
  .map((command) => `  ${command.name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Options:
  -h, --help      show help (also: invitectl <command> --help, invitectl help <command>)
  -v, --version   print the version

Exit codes: 0 success, 1 error (nothing written), 2 plan --detailed-exitcode with
changes, 3 apply finished with some changes failed.
`;

/**
 * The command-line edge: runs one invitectl command and returns its exit code.
 * The only place that catches errors; expected ones print one line and never a stack.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === undefined || verb.startsWith('-')) return await topLevel([...argv], io);
    if (verb === 'version') return await topLevel(['--version'], io);
    if (verb === 'help') {
      const [about] = rest;
      if (about === undefined) return await topLevel(['--help'], io);
      const command = findCommand(about, io);
      if (!command) return 1;
      io.stdout.write((await command.load()).help);
      return 0;
    }
    const command = findCommand(verb, io);
    if (!command) return 1;
    return await (await command.load()).run(rest, io);
  } catch (error) {
    // The APIs' key shapes come with the provider registry: load it before any message is printed.
    await import('./providers/registry.ts');
    return reportError(error, io);
  }
}

/** The verb's entry, or undefined after saying it is unknown (with the closest verb, when one is close). */
function findCommand(verb: string, io: CliIO): CommandEntry | undefined {
  const command = COMMANDS.find((candidate) => candidate.name === verb);
  if (command) return command;
  const names = COMMANDS.map((c) => c.name);
  const suggestion = closest(verb, [...names, 'help', 'version']);
  const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
  io.stderr.write(`invitectl: unknown command ${excerpt(verb)}${hint} (commands: ${names.join(', ')}, help, version)\n`);
  return undefined;
}

async function topLevel(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    strict: false,
  });
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.help || argv.length === 0) {
    const { providerModules } = await import('./providers/registry.ts');
    io.stdout.write(help(providerModules().map((module) => module.title).join(', ')));
    return argv.length === 0 ? 1 : 0;
  }
  const option = argv[0] ?? '';
  const suggestion = option.startsWith('--') ? closest(option.slice(2), ['help', 'version']) : undefined;
  io.stderr.write(`invitectl: unknown option ${excerpt(option)}${suggestion === undefined ? '' : `; did you mean --${suggestion}?`} (see invitectl --help)\n`);
  return 1;
}

function reportError(error: unknown, io: CliIO): number {
  // Every message below may hold text from a file, an argument or an API answer: made safe here, once.
  if (error instanceof ConfigError) {
    const problems = error.problems.map((problem) => ({ ...problem, file: safeMessage(problem.file), path: safeMessage(problem.path), message: safeMessage(problem.message) }));
    for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
    io.stderr.write(annotateProblems(problems, io.env, io.cwd));
    return 1;
  }
  if (error instanceof InvitectlError) {
    io.stderr.write(`${safeMessage(error.message, true)}\n`);
    return 1;
  }
  // An unexpected failure is a bug in invitectl: one line by default, the stack on request.
  const detail = error instanceof Error ? (io.env['INVITECTL_DEBUG'] ? error.stack : error.message) : String(error);
  io.stderr.write(`invitectl: internal error: ${safeMessage(detail ?? '', true)} (set INVITECTL_DEBUG=1 for details; please report it)\n`);
  return 1;
}
