// Parsing a verb's arguments into a one-line usage error instead of a stack.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../config/suggest.ts';
import { UsageError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with strict checking whose failures become one-line usage errors naming the verb
 * (with "did you mean" for a mistyped flag). Of `--color` and `--no-color`, the last one wins.
 */
export function parseVerbArgs<const O extends Options>(verb: string, argv: string[], options: O, allowPositionals = false) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  try {
    const parsed = parseArgs({ args: attachNegativeNumbers(argv, all), options: all, allowPositionals, strict: true, tokens: true });
    lastColorFlagWins(parsed.values as Record<string, unknown>, parsed.tokens);
    return parsed;
  } catch (error) {
    throw new UsageError(`invitectl ${verb}: ${describe(error, all)} (see invitectl ${verb} --help)`);
  }
}

/** `--concurrency -1` is a value, not an option: joined as `--concurrency=-1` so the verb can say what is wrong with it. */
function attachNegativeNumbers(argv: readonly string[], options: Options): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : Object.entries(options).find(([, option]) => option.short !== undefined && `-${option.short}` === arg)?.[0];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`--${name}=${next}`);
      i += 1;
    } else args.push(arg);
  }
  return args;
}

/** Both flags given: the later one decides, as with any other repeated flag. */
function lastColorFlagWins(values: Record<string, unknown>, tokens: ReturnType<typeof parseArgs>['tokens'] = []): void {
  const last = tokens.findLast((token) => token.kind === 'option' && (token.name === 'color' || token.name === 'no-color'));
  if (last?.kind !== 'option' || !('no-color' in values && 'color' in values)) return;
  values['color'] = last.name === 'color';
  values['no-color'] = last.name === 'no-color';
}

function describe(error: unknown, options: Options): string {
  const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '') : String(error);
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (!unknown) return message;
  const suggestion = closest(unknown[2]!, Object.keys(options));
  return suggestion === undefined ? message : `${message}; did you mean --${suggestion}?`;
}
