import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { FaultOptions } from '../../src/emulators/faults.ts';
import type { RateLimitOptions } from '../../src/emulators/rate-limit.ts';
import { startSandbox } from '../../src/emulators/sandbox.ts';
import type { LoggedRequest } from '../../src/emulators/server.ts';
import { runCli } from '../helpers/cli.ts';
import { KEYS, MARK, secretConfig, secretEnv, secretSeeds } from './secret-keys.ts';

/** One command: its arguments (`CONFIG` stands for the config path), env changes, and what shows it ran as meant. */
interface Step {
  argv: string[];
  env?: Record<string, string | undefined>;
  code: number | number[];
  output?: RegExp;
}

interface Scenario {
  name: string;
  config?: string;
  faults?: FaultOptions;
  rateLimit?: RateLimitOptions;
  steps: Step[];
}

const GITHUB = (out: string) => ({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out, 'summary.md'), GITHUB_OUTPUT: join(out, 'output.txt') });
const WRONG = { POSTHOG_PERSONAL_API_KEY: KEYS.wrongPosthog, ANTHROPIC_ADMIN_API_KEY: KEYS.wrongAnthropic };
const GH = 'GITHUB';

const SCENARIOS: Scenario[] = [
  {
    name: 'every read command and format',
    steps: [
      { argv: ['validate', '-c', 'CONFIG'], code: 0, output: /valid/ },
      { argv: ['plan', '-c', 'CONFIG'], code: 0, output: /to invite/ },
      { argv: ['plan', '-c', 'CONFIG', '--format', 'markdown'], code: 0 },
      { argv: ['plan', '-c', 'CONFIG', '--format', 'json', '--out', 'plan.json'], code: 0 },
      { argv: ['plan', '-c', 'CONFIG', '--redact-emails', '--out', 'redacted.json'], code: 0 },
      { argv: ['plan', '-c', 'CONFIG', '--detailed-exitcode'], code: 2 },
      { argv: ['plan', '-c', 'CONFIG'], env: { [GH]: 'on' }, code: 0 },
      { argv: ['import', '-c', 'CONFIG', '--org', 'analytics'], code: 0, output: /invites:/ },
      { argv: ['import', '-c', 'CONFIG', '--org', 'claude'], code: 0, output: /invites:/ },
      { argv: ['schema'], code: 0 },
      { argv: ['--help'], code: 0 },
      { argv: ['--version'], code: 0 },
      { argv: ['apply', '--help'], code: 0 },
    ],
  },
  {
    name: 'apply a plan file with an audit log (in GitHub Actions), then again',
    steps: [
      { argv: ['plan', '-c', 'CONFIG', '--out', 'plan.json'], code: 0 },
      { argv: ['apply', '-c', 'CONFIG', 'plan.json', '--audit-log', 'audit.jsonl'], env: { [GH]: 'on' }, code: 0, output: /applied/ },
      { argv: ['apply', '-c', 'CONFIG', '--yes', '--audit-log', 'audit.jsonl'], code: 0, output: /No changes/ },
      { argv: ['apply', '-c', 'CONFIG', 'plan.json'], code: 1, output: /stale/ },
    ],
  },
  {
    name: 'wrong keys: 401 on every API',
    steps: [
      { argv: ['plan', '-c', 'CONFIG'], env: WRONG, code: 1, output: /401|authenticat|invalid/i },
      { argv: ['import', '-c', 'CONFIG', '--org', 'claude'], env: WRONG, code: 1 },
      { argv: ['apply', '-c', 'CONFIG', '--yes', '--audit-log', 'audit.jsonl'], env: WRONG, code: 1 },
    ],
  },
  {
    name: 'a read-only key: 403 on each write, reported per change',
    steps: [{ argv: ['apply', '-c', 'CONFIG', '--yes', '--audit-log', 'audit.jsonl'], env: { POSTHOG_PERSONAL_API_KEY: KEYS.posthogRead, [GH]: 'on' }, code: 3, output: /403|permission/i }],
  },
  {
    name: 'a missing variable',
    steps: [
      { argv: ['plan', '-c', 'CONFIG'], env: { ANTHROPIC_ADMIN_API_KEY: undefined }, code: 1, output: /ANTHROPIC_ADMIN_API_KEY/ },
      { argv: ['apply', '-c', 'CONFIG', '--yes'], env: { ANTHROPIC_ADMIN_API_KEY: undefined }, code: 1, output: /ANTHROPIC_ADMIN_API_KEY/ },
    ],
  },
  {
    name: 'a key pasted as api_key_env, the name of a variable',
    config: secretConfig(KEYS.posthog),
    steps: [{ argv: ['plan', '-c', 'CONFIG'], code: 1, output: /not set/ }],
  },
  {
    name: 'a key inside the host URL',
    config: secretConfig('POSTHOG_PERSONAL_API_KEY', `http://user:${KEYS.posthog}@127.0.0.1:1`),
    steps: [
      { argv: ['validate', '-c', 'CONFIG'], code: 1, output: /credentials/ },
      { argv: ['plan', '-c', 'CONFIG'], code: 1, output: /credentials/ },
    ],
  },
  {
    name: 'a key of no vendor shape, from a custom variable, right then wrong',
    config: secretConfig('SCAN_SHAPELESS_KEY'),
    steps: [
      { argv: ['apply', '-c', 'CONFIG', '--yes', '--audit-log', 'audit.jsonl'], code: 0, output: /applied/ },
      { argv: ['plan', '-c', 'CONFIG'], env: { SCAN_SHAPELESS_KEY: `${MARK}-shapeless-but-wrong-0123456789` }, code: 1, output: /401|authenticat|invalid/i },
    ],
  },
  {
    name: 'faults: 5xx, 529, resets, lost answers and 429 on a third of requests',
    faults: { seed: 8, rates: { '429': 0.05, '500': 0.08, '503': 0.05, '529': 0.04, reset: 0.05, lost: 0.06 } },
    steps: [
      { argv: ['plan', '-c', 'CONFIG'], code: [0, 1] },
      { argv: ['apply', '-c', 'CONFIG', '--yes', '--audit-log', 'audit.jsonl'], code: [0, 1, 3] },
    ],
  },
  {
    name: 'a rate limit: 429 with Retry-After',
    rateLimit: { capacity: 3, refillPerSecond: 4 },
    steps: [{ argv: ['apply', '-c', 'CONFIG', '--yes', '--audit-log', 'audit.jsonl'], code: 0 }],
  },
];

/** Every file the commands wrote (plan files, audit logs, GitHub summary and outputs). */
async function writtenFiles(out: string): Promise<Record<string, string>> {
  const names = await readdir(out);
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(out, name), 'utf8')] as const)));
}

/** The emulators' request logs, less the `credential` field they keep by design. */
function logText(logs: readonly LoggedRequest[]): string {
  return JSON.stringify(logs.map(({ credential: _credential, ...entry }) => entry));
}

/** Where the mark appears, with some context, for a failure message. */
function leaks(texts: Record<string, string>): string[] {
  return Object.entries(texts).flatMap(([where, text]) => {
    const at = text.indexOf(MARK);
    return at < 0 ? [] : [`${where}: …${text.slice(Math.max(0, at - 60), at + 40)}…`];
  });
}

describe('reliability: no key in any output, file or log', () => {
  it.each(SCENARIOS)('$name', async ({ config, faults, rateLimit, steps }) => {
    const sandbox = await startSandbox({ seed: secretSeeds(), ...(faults && { faults }), ...(rateLimit && { rateLimit }) });
    try {
      const inputs = await mkdtemp(join(tmpdir(), 'invitectl-scan-in-'));
      const out = await mkdtemp(join(tmpdir(), 'invitectl-scan-out-'));
      const file = join(inputs, 'invites.yaml');
      await writeFile(file, config ?? secretConfig());
      const texts: Record<string, string> = {};
      for (const [index, step] of steps.entries()) {
        const { [GH]: github, ...changes } = step.env ?? {};
        const env: Record<string, string | undefined> = { ...secretEnv(sandbox.env), ...(github ? GITHUB(out) : {}), ...changes };
        const run = await runCli(
          step.argv.map((arg) => (arg === 'CONFIG' ? file : arg)),
          { cwd: out, env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)) },
        );
        const label = `step ${index} (${step.argv.join(' ')})`;
        expect([step.code].flat(), `${label} exited ${run.code}: ${run.stderr}`).toContain(run.code);
        if (step.output) expect(run.stdout + run.stderr, label).toMatch(step.output);
        texts[`${label} stdout`] = run.stdout;
        texts[`${label} stderr`] = run.stderr;
      }
      for (const [name, text] of Object.entries(await writtenFiles(out))) texts[`file ${name}`] = text;
      texts['request log'] = logText([...sandbox.posthog.log, ...sandbox.anthropic.log]);
      expect(leaks(texts)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('the sandbox command: only its KEY=value lines carry keys, by design', async () => {
    const inputs = await mkdtemp(join(tmpdir(), 'invitectl-scan-in-'));
    const seedFile = join(inputs, 'seed.json');
    await writeFile(seedFile, JSON.stringify(secretSeeds()));
    const controller = new AbortController();
    let stdout = '';
    let stderr = '';
    const code = await main(['sandbox', '--port', '0', '--seed', seedFile, '--faults', '500=0.1', '--rate-limit', '600'], {
      stdout: { write: (text: string) => ((stdout += text), text.includes('ANTHROPIC_ADMIN_API_KEY=') && controller.abort(), true) },
      stderr: { write: (text: string) => ((stderr += text), true) },
      env: {},
      cwd: inputs,
      signal: controller.signal,
    });
    expect(code).toBe(0);
    const keyLines = stdout.split('\n').filter((line) => /^(POSTHOG_PERSONAL_API_KEY|ANTHROPIC_ADMIN_API_KEY)=/.test(line));
    expect(keyLines).toEqual([`POSTHOG_PERSONAL_API_KEY=${KEYS.posthog}`, `ANTHROPIC_ADMIN_API_KEY=${KEYS.anthropic}`]);
    const rest = stdout.split('\n').filter((line) => !keyLines.includes(line)).join('\n');
    expect(leaks({ stdout: rest, stderr })).toEqual([]);

    // A seed file the sandbox refuses: its message points at the problem, never at a key's value.
    const bad = secretSeeds();
    await writeFile(seedFile, JSON.stringify({ ...bad, anthropic: { ...bad.anthropic, api_keys: [{ key: KEYS.anthropic, nmae: 'typo' }] } }));
    const refused = await runCli(['sandbox', '--port', '0', '--seed', seedFile], { cwd: inputs });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/nmae/);
    expect(leaks({ stdout: refused.stdout, stderr: refused.stderr })).toEqual([]);
  });
});
