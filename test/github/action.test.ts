import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/yaml.ts';
import { parseOutputs, runnerEnv } from '../helpers/github-files.ts';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const NODE_24_BIN = dirname(process.execPath);

interface ActionStep {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { steps: ActionStep[] };
}

const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')).file?.value as ActionFile;

/** `${{ inputs.x }}` and `${{ github.x }}` as the runner would expand them in a step's env. */
function expand(value: string, inputs: Record<string, string>, github: Record<string, string>): string {
  return value.replace(/\$\{\{\s*(inputs|github)\.([\w-]+)\s*\}\}/g, (_all, scope: string, name: string) => (scope === 'inputs' ? inputs : github)[name] ?? '');
}

/**
 * Runs one step of the composite action the way the runner does (`bash --noprofile --norc -eo pipefail FILE`),
 * with the inputs given (others at their defaults) and the action's directory as GITHUB_ACTION_PATH.
 */
function runStep(id: string, given: Record<string, string>, options: { path?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const step = action.runs.steps.find((candidate) => candidate.id === id);
  if (!step?.run) throw new Error(`no run step ${id} in action.yml`);
  const github = { token: 'ghs_defaultTokenFromTheRunner', action_path: ROOT };
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? expand(input.default ?? '', {}, github)]));
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value, inputs, github)]));
  const script = join(mkdtempSync(join(tmpdir(), 'invitectl-step-')), 'step.sh');
  writeFileSync(script, step.run);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: `${options.path ?? NODE_24_BIN}:${process.env['PATH']}`, HOME: tmpdir(), GITHUB_ACTION_PATH: ROOT, ...options.env, ...stepEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A `node` that prints its arguments and GITHUB_TOKEN instead of running anything. */
function fakeNode(): string {
  const dir = mkdtempSync(join(tmpdir(), 'invitectl-fake-node-'));
  writeFileSync(join(dir, 'node'), '#!/usr/bin/env bash\nprintf "%s\\n" "$@"\nprintf "GITHUB_TOKEN=%s\\n" "$GITHUB_TOKEN"\n');
  chmodSync(join(dir, 'node'), 0o755);
  return dir;
}

describe('the action runs the CLI', () => {
  it('validates the example config with the real CLI, from the action directory', () => {
    const run = runStep('invitectl', { command: 'validate', config: 'invites.example.yaml' });
    // Node 22 warns that type stripping is experimental; nothing else may appear.
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toBe('invites.example.yaml: valid — 3 orgs: acme-analytics (posthog, 5 invites), acme-claude (anthropic, 4 invites), acme-openai (openai, 4 invites)\n');
    expect(run.code).toBe(0);
  });

  it("fails the step with the CLI's exit code and positioned problems for a bad config", () => {
    const run = runStep('invitectl', { command: 'validate', config: 'test/fixtures/config/many-problems.yaml' }, { env: runnerEnv({ GITHUB_WORKSPACE: ROOT }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('test/fixtures/config/many-problems.yaml:5:11: orgs.acme.host: must use https://');
  });

  it('maps the inputs to arguments: --comment and --redact-emails for plan, extra args word by word, never expanded', () => {
    const run = runStep('invitectl', { command: 'plan', config: 'teams/invites.yaml', comment: 'true', 'redact-emails': 'true', args: '--org acme  --detailed-exitcode $(touch pwned) *' }, { path: fakeNode() });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      join(ROOT, 'dist/invitectl.js'),
      'plan',
      '--config',
      'teams/invites.yaml',
      '--comment',
      '--redact-emails',
      '--org',
      'acme',
      '--detailed-exitcode',
      '$(touch',
      'pwned)',
      '*',
      'GITHUB_TOKEN=ghs_defaultTokenFromTheRunner',
      '',
    ]);
    expect(existsSync(join(ROOT, 'pwned'))).toBe(false);
  });

  it('adds --yes for apply (the protected environment is the approval) and passes github-token as GITHUB_TOKEN', () => {
    const run = runStep('invitectl', { command: 'apply', comment: 'true', args: `--expect-fingerprint sha256:${'a'.repeat(64)}`, 'github-token': 'ghs_fromTheInput' }, { path: fakeNode() });
    expect(run.stdout.split('\n').slice(1)).toEqual(['apply', '--config', 'invites.yaml', '--yes', '--expect-fingerprint', `sha256:${'a'.repeat(64)}`, 'GITHUB_TOKEN=ghs_fromTheInput', '']);
  });

  it('maps comment-mode (with comment: true) for plan, and redact-emails for apply too (#18.9, #18.14)', () => {
    const plan = runStep('invitectl', { command: 'plan', comment: 'true', 'comment-mode': 'changes-only' }, { path: fakeNode() });
    expect(plan.stdout.split('\n').slice(1, -2)).toEqual(['plan', '--config', 'invites.yaml', '--comment', '--comment-mode', 'changes-only']);
    const apply = runStep('invitectl', { command: 'apply', 'redact-emails': 'true', 'comment-mode': 'new' }, { path: fakeNode() });
    expect(apply.stdout.split('\n').slice(1, -2)).toEqual(['apply', '--config', 'invites.yaml', '--redact-emails', '--yes']);
  });

  it('refuses a command other than plan, apply or validate', () => {
    const run = runStep('invitectl', { command: 'sandbox' }, { path: fakeNode() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('::error title=invitectl::the command input must be plan, apply or validate\n');
  });

  it("keeps the job's Node when it can run TypeScript (22.18 or later), so setup-node is skipped", () => {
    const env = runnerEnv();
    expect(runStep('node', {}, { env }).code).toBe(0);
    expect(parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))).toEqual({ ok: 'true' });
  });
});

describe('what the action installs is enough', () => {
  it('src/ imports only declared packages, all bundled into dist/: the action and consumers install none', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies: Record<string, string> };
    const imported = new Set<string>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) {
          for (const match of readFileSync(path, 'utf8').matchAll(/^\s*import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)) {
            const specifier = match[1]!;
            if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
            imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
          }
        }
      }
    };
    walk(join(ROOT, 'src'));
    expect(imported.size).toBeGreaterThan(3);
    expect(pkg.dependencies).toBeUndefined();
    for (const name of imported) expect(Object.keys(pkg.devDependencies), `${name} is imported by src/`).toContain(name);
  });
});
