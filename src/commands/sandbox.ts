// `invitectl sandbox` for any list of emulators: help, flags → sandbox options, serve until aborted.
import { resolve } from 'node:path';
import { InvitectlError, UsageError } from '../errors.ts';
import type { CliIO, Command } from '../io.ts';
import { demoSeed } from '../emulators/demo-seed.ts';
import { parseFaultSpec, type FaultOptions } from '../emulators/faults.ts';
import type { AnyEmulatorModule, RateLimitPreset } from '../emulators/module.ts';
import { parseRateLimitSpec } from '../emulators/rate-limit.ts';
import { startEmulators, type Sandbox, type SandboxOptions } from '../emulators/sandbox.ts';
import { formatSeedProblem, loadSeedFile } from '../emulators/seed.ts';
import { cleanText } from '../sanitize.ts';
import { parseVerbArgs } from './args.ts';
import { envLines, removeEnvFile, runWithSettings, writeEnvFile } from './sandbox-handover.ts';

/** The first API listens here and the others at their offsets above, so the printed env stays the same run to run. */
export const DEFAULT_SANDBOX_PORT = 8710;

const FLAGS = {
  port: { type: 'string' },
  seed: { type: 'string' },
  demo: { type: 'boolean' },
  latency: { type: 'string' },
  faults: { type: 'string' },
  'fault-seed': { type: 'string' },
  'fault-methods': { type: 'string' },
  'rate-limit': { type: 'string' },
  'write-env': { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseVerbArgs<typeof FLAGS>>['values'];

/** `invitectl sandbox` serving `emulators` (the registry's, for the CLI). */
export function createSandboxCommand(emulators: readonly AnyEmulatorModule[]): Command {
  return {
    name: 'sandbox',
    help: sandboxHelp(emulators),
    async run(argv, io) {
      // Everything after `--` is a command to run with the settings, never the sandbox's own flags.
      const cut = argv.indexOf('--');
      const { values } = parseVerbArgs('sandbox', cut < 0 ? argv : argv.slice(0, cut), FLAGS);
      if (values.help) {
        io.stdout.write(this.help);
        return 0;
      }
      const command = cut < 0 ? undefined : argv.slice(cut + 1);
      if (command?.length === 0) throw usage('nothing to run after -- (e.g. invitectl sandbox --demo -- invitectl plan)');
      const options = await sandboxOptions(values, io.cwd, emulators);
      // A settings file from an earlier run would point at a sandbox that is gone: it goes before this one starts.
      const envFile = values['write-env'];
      if (envFile !== undefined) await removeEnvFile(resolve(io.cwd, envFile));
      let sandbox: Sandbox<readonly AnyEmulatorModule[]>;
      try {
        sandbox = await startEmulators(emulators, options);
      } catch (error) {
        throw new InvitectlError(`invitectl sandbox: cannot start: ${firstLine(error)}`, { cause: error });
      }
      const where = emulators.map((emulator, i) => `${emulator.title} at ${sandbox.servers[i]!.url}`).join(', ');
      let written: string | undefined;
      try {
        if (command) {
          if (envFile !== undefined) written = await writeEnvFile(envFile, io.cwd, sandbox.env);
          io.stderr.write(`invitectl sandbox: ${where}; running ${cleanText(command.join(' '))} with their settings.\n`);
          return await runWithSettings(command, sandbox.env, io);
        }
        io.stdout.write(envLines(sandbox.env));
        if (envFile !== undefined) written = await writeEnvFile(envFile, io.cwd, sandbox.env);
        const how = envFile === undefined ? 'export the lines above' : `load ${envFile} (set -a; . ${envFile.includes('/') ? envFile : `./${envFile}`}; set +a)`;
        io.stderr.write(`invitectl sandbox: ${where}; ${how} to point invitectl at them. Ctrl-C stops.\n`);
        await aborted(io.signal);
        return 0;
      } finally {
        if (written !== undefined) await removeEnvFile(written);
        await sandbox.close();
      }
    },
  };
}

/** The help text, naming each API, its port and its real limits from its registry entry. */
function sandboxHelp(emulators: readonly AnyEmulatorModule[]): string {
  const ports = emulators.map((emulator) => `${emulator.title} on N${emulator.portOffset === 0 ? '' : `+${emulator.portOffset}`}`).join(', ');
  const sections = emulators.map((emulator) => `${emulator.name}: …`).join(', ');
  const presets = presetsOf(emulators).map((preset) => `\n                        ${preset.name.padEnd(14)}${preset.summary}`).join('');
  const limits = emulators.map((emulator) => `${emulator.title} ${emulator.realLimits}`).join(', ');
  return `Usage: invitectl sandbox [options] [-- COMMAND [ARG]...]

Runs the ${titlesOf(emulators)} API emulators on 127.0.0.1 until Ctrl-C, and prints the
environment that points invitectl at them as KEY=value lines on stdout. With -- COMMAND it
runs the command with that environment instead, stops when it ends and exits with its code:
  invitectl sandbox --demo -- invitectl plan -c invites.example.yaml

Options:
  --port N            ${ports}; 0 picks free ports (default: ${DEFAULT_SANDBOX_PORT})
  --seed FILE         starting state, YAML or JSON: { ${sections} };
                      a section left out uses the built-in organization
  --write-env FILE    once listening, also write the KEY=value lines to FILE, whole or not
                      at all, plus INVITECTL_SANDBOX_PID (the process to stop); removed on exit
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
                                      at most N in any UNIT, every window checked${presets}
                      (the real APIs: ${limits})
  -h, --help          show this help

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 error (bad option or seed, port in use);
with -- COMMAND, the command's own exit code.
`;
}

/** Turns the flags into sandbox options, or throws the one-line reason they are wrong. */
async function sandboxOptions(values: Flags, cwd: string, emulators: readonly AnyEmulatorModule[]): Promise<SandboxOptions<readonly AnyEmulatorModule[]>> {
  const maxOffset = Math.max(0, ...emulators.map((emulator) => emulator.portOffset));
  const options: SandboxOptions<readonly AnyEmulatorModule[]> = { port: integer(values.port ?? String(DEFAULT_SANDBOX_PORT), '--port', 0, 65535 - maxOffset) };

  const latency = values.latency === undefined ? 0 : integer(values.latency, '--latency', 0, 600_000);
  const seed = values['fault-seed'] === undefined ? 1 : integer(values['fault-seed'], '--fault-seed', 0, 2 ** 32 - 1);
  const spec = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  if (spec && !spec.ok) throw usage(`--faults: ${spec.message}`);
  if (latency > 0 || spec) {
    const faults: FaultOptions = { seed, latencyMs: latency, ...(spec && { rates: spec.rates }) };
    if (values['fault-methods'] !== undefined) faults.methods = values['fault-methods'].split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
    options.faults = faults;
  }

  if (values['rate-limit'] !== undefined) {
    const limit = parseRateLimitSpec(values['rate-limit'], presetsOf(emulators));
    if (!limit.ok) throw usage(`--rate-limit ${limit.message}`);
    options.rateLimit = limit.options;
  }

  if (values.demo && values.seed !== undefined) throw usage('--demo and --seed cannot be combined');
  if (values.demo) options.seed = demoSeed(emulators);
  if (values.seed !== undefined) {
    const checked = await loadSeedFile(values.seed, cwd, emulators);
    if (!checked.ok) {
      const [first, ...rest] = checked.problems;
      const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
      throw new InvitectlError(`invitectl sandbox: ${first ? formatSeedProblem(first) : values.seed}${more}`);
    }
    options.seed = checked.seed;
  }
  return options;
}

function presetsOf(emulators: readonly AnyEmulatorModule[]): RateLimitPreset[] {
  return emulators.flatMap((emulator) => emulator.rateLimitPresets);
}

function usage(message: string): UsageError {
  return new UsageError(`invitectl sandbox: ${message}`);
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw usage(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** The APIs' titles as prose: "A", "A and B", "A, B and C". */
export function titlesOf(emulators: readonly AnyEmulatorModule[]): string {
  const titles = emulators.map((emulator) => emulator.title);
  return titles.length <= 1 ? (titles[0] ?? '') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
}

function aborted(signal: CliIO['signal']): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
