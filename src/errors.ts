// The error hierarchy: InvitectlError (expected, one line), ConfigError, UsageError, ReadOnlyError.
import type { ConfigProblem } from './config/problem.ts';

/** An expected failure: printed as one line (no stack) and mapped to exit code 1. */
export class InvitectlError extends Error {
  override name = 'InvitectlError';
}

/** The command line itself is wrong (unknown flag, missing argument). */
export class UsageError extends InvitectlError {
  override name = 'UsageError';
}

/** The config file has problems; each is printed on its own line. */
export class ConfigError extends InvitectlError {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${problems[0]?.file ?? 'the config'}`);
    this.problems = problems;
  }
}

/** A write was attempted in a read-only run (plan, validate, import); nothing was sent. */
export class ReadOnlyError extends InvitectlError {
  override name = 'ReadOnlyError';
}
