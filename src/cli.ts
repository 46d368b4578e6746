import { parseArgs } from 'node:util';
import { applyCommand } from './commands/apply.ts';
import { importCommand } from './commands/import.ts';
import { planCommand } from './commands/plan.ts';
import { sandboxCommand } from './commands/sandbox-command.ts';
import { schemaCommand } from './commands/schema.ts';
import { validateCommand } from './commands/validate.ts';
import { formatProblem } from './config/problem.ts';
import { ConfigError, InvitectlError } from './errors.ts';
import { annotateProblems } from './github/annotations.ts';
import type { CliIO, Command } from './io.ts';
import { redact } from './redact.ts';
import { VERSION } from './version.ts';

const COMMANDS: readonly Command[] = [validateCommand, planCommand, applyCommand, importCommand, schemaCommand, sandboxCommand];

const HELP = `invitectl ${VERSION} — organization invites as code (PostHog, Anthropic)

Usage: invitectl <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}

Options:
  -h, --help      show help (also: invitectl <command> --help)
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
    if (verb === undefined || verb.startsWith('-')) return topLevel([...argv], io);
    const command = COMMANDS.find((candidate) => candidate.name === verb);
    if (!command) {
      io.stderr.write(`invitectl: unknown command "${verb}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
      return 1;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function topLevel(argv: string[], io: CliIO): number {
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
    io.stdout.write(HELP);
    return argv.length === 0 ? 1 : 0;
  }
  io.stderr.write(`invitectl: unknown option ${argv[0]} (see invitectl --help)\n`);
  return 1;
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    io.stderr.write(annotateProblems(error.problems, io.env, io.cwd));
    return 1;
  }
  if (error instanceof InvitectlError) {
    io.stderr.write(`${redact(error.message)}\n`);
    return 1;
  }
  // An unexpected failure is a bug in invitectl: one line by default, the stack on request.
  const detail = error instanceof Error ? (io.env['INVITECTL_DEBUG'] ? error.stack : error.message) : String(error);
  io.stderr.write(`invitectl: internal error: ${redact(detail ?? '')} (set INVITECTL_DEBUG=1 for details; please report it)\n`);
  return 1;
}
