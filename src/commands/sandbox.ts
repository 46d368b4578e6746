import { parseArgs } from 'node:util';
import { parseFaultSpec, type FaultOptions } from '../emulators/faults.ts';
import { parseRateLimitSpec } from '../emulators/rate-limit.ts';
import { demoSeed } from '../emulators/demo-seed.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../emulators/sandbox.ts';
import { formatSeedProblem, loadSeedFile } from '../emulators/seed.ts';

/** What the command touches of the outside world (structurally the CLI's CliIO). */
export interface SandboxIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM; the sandbox stops when it fires. */
  signal?: AbortSignal;
}

/** PostHog listens here by default and Anthropic one above, so the printed env stays the same run to run. */
export const DEFAULT_SANDBOX_PORT = 8710;

/** Help for `invitectl sandbox`. */
export const SANDBOX_HELP = `Usage: invitectl sandbox [options]

Runs the PostHog and Anthropic API emulators on 127.0.0.1 until Ctrl-C, and prints the
environment that points invitectl at them as KEY=value lines on stdout, e.g.
  invitectl sandbox > sandbox.env &   then   export $(cat sandbox.env)

Options:
  --port N            PostHog on N, Anthropic on N+1; 0 picks free ports (default: ${DEFAULT_SANDBOX_PORT})
  --seed FILE         starting state, YAML or JSON: { posthog: …, anthropic: … };
                      a section left out uses the built-in organization
  --demo              start with the state the demo uses: planning invites.example.yaml
                      against it shows every kind of change
  --latency MS        delay every request by MS milliseconds
  --faults SPEC       inject faults by rate, e.g. 429=0.05,500=0.05,503=0.02,529=0.02,reset=0.05,lost=0.05
                      (reset: connection dropped before the change; lost: change made, answer dropped)
  --fault-seed N      seed for the fault sequence; same seed and request order, same faults (default: 1)
  --fault-methods M   only fault these methods, e.g. POST,DELETE (default: all)
  --rate-limit SPEC   limit each API key, answering 429 with Retry-After in whole seconds:
                        N or N/UNIT   a token bucket: N at once, refilled N per UNIT (s, min, h, d);
                                      N alone means N/min
                        sliding:N/UNIT[,N/UNIT…]
                                      sliding logs, as Django REST framework throttles count:
                                      at most N in any UNIT, every window checked
                        posthog       PostHog's throttles: sliding:480/min,4800/h
                      (the real APIs: PostHog 480/min and 4800/h per key, Anthropic 100/min per org)
  -h, --help          show this help
`;

/** `invitectl sandbox`: serve both emulators until `io.signal` aborts. Returns the exit code. */
export async function runSandbox(argv: string[], io: SandboxIO): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`invitectl sandbox: ${message}\n`);
    return 1;
  };
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    values = parseFlags(argv).values;
  } catch (error) {
    return fail(`${firstLine(error)} (see invitectl sandbox --help)`);
  }
  if (values.help) {
    io.stdout.write(SANDBOX_HELP);
    return 0;
  }
  const options = await sandboxOptions(values, io.cwd);
  if (typeof options === 'string') return fail(options);

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    return fail(`cannot start: ${firstLine(error)}`);
  }
  io.stdout.write(Object.entries(sandbox.env).map(([key, value]) => `${key}=${shellValue(value)}\n`).join(''));
  io.stderr.write(
    `invitectl sandbox: PostHog at ${sandbox.posthog.url}, Anthropic at ${sandbox.anthropic.url}; ` +
      `export the lines above to point invitectl at them. Ctrl-C stops.\n`,
  );
  await aborted(io.signal);
  await sandbox.close();
  return 0;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      demo: { type: 'boolean' },
      latency: { type: 'string' },
      faults: { type: 'string' },
      'fault-seed': { type: 'string' },
      'fault-methods': { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Flags = ReturnType<typeof parseFlags>['values'];

/** Turns the flags into sandbox options, or the one-line reason they are wrong. */
async function sandboxOptions(values: Flags, cwd: string): Promise<SandboxOptions | string> {
  const port = integer(values.port ?? String(DEFAULT_SANDBOX_PORT), '--port', 0, 65534);
  if (typeof port === 'string') return port;
  const options: SandboxOptions = { port };

  const latency = values.latency === undefined ? 0 : integer(values.latency, '--latency', 0, 600_000);
  if (typeof latency === 'string') return latency;
  const seed = values['fault-seed'] === undefined ? 1 : integer(values['fault-seed'], '--fault-seed', 0, 2 ** 32 - 1);
  if (typeof seed === 'string') return seed;
  const spec = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  if (spec && !spec.ok) return `--faults: ${spec.message}`;
  if (latency > 0 || spec) {
    const faults: FaultOptions = { seed, latencyMs: latency, ...(spec && { rates: spec.rates }) };
    if (values['fault-methods'] !== undefined) faults.methods = values['fault-methods'].split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
    options.faults = faults;
  }

  if (values['rate-limit'] !== undefined) {
    const limit = parseRateLimitSpec(values['rate-limit']);
    if (!limit.ok) return `--rate-limit ${limit.message}`;
    options.rateLimit = limit.options;
  }

  if (values.demo && values.seed !== undefined) return '--demo and --seed cannot be combined';
  if (values.demo) options.seed = demoSeed();
  if (values.seed !== undefined) {
    const checked = await loadSeedFile(values.seed, cwd);
    if (!checked.ok) {
      const [first, ...rest] = checked.problems;
      const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
      return `${first ? formatSeedProblem(first) : values.seed}${more}`;
    }
    options.seed = checked.seed;
  }
  return options;
}

function integer(text: string, flag: string, min: number, max: number): number | string {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) return `${flag} must be a whole number from ${min} to ${max}, got "${text}"`;
  return value;
}

/** Plain values stay bare so `export $(…)` works; anything else is single-quoted for the shell. */
function shellValue(value: string): string {
  return /^[\w.:/@%+,=-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
}
