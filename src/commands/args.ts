// Parsing a verb's arguments into a one-line usage error instead of a stack.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking whose failures become one-line usage errors naming the verb. */
export function parseVerbArgs<const O extends Options>(verb: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '') : String(error);
    throw new UsageError(`invitectl ${verb}: ${message} (see invitectl ${verb} --help)`);
  }
}
