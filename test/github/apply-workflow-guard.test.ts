// The example apply workflow's guard step, run with bash and a stand-in `gh`: how a mass delete is approved (#18.11).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/yaml.ts';
import { parseOutputs, runnerEnv } from '../helpers/github-files.ts';

const FILE = join(import.meta.dirname, '../../examples/workflows/invitectl-apply.yml');
const FINGERPRINT = `sha256:${'c'.repeat(64)}`;

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
const workflow = parseYaml(readFileSync(FILE, 'utf8')).file?.value as { jobs: { apply: { steps: Step[] } } };
const guard = workflow.jobs.apply.steps.find((step) => step.id === 'guard')!;

/** A `gh` that answers the guard's three API calls from FAKE_PR, FAKE_LABELS and FAKE_FINGERPRINT. */
function fakeGh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'invitectl-fake-gh-'));
  writeFileSync(
    join(dir, 'gh'),
    `#!/usr/bin/env bash
case "$*" in
  *"/commits/"*"/pulls"*) printf '%s\\n' "$FAKE_PR" | sed '/^$/d' ;;
  *"/labels"*) printf '%s\\n' "$FAKE_LABELS" | sed '/^$/d' ;;
  *"/comments"*) printf '%s\\n' "$FAKE_FINGERPRINT" | sed '/^$/d' ;;
  *) echo "unexpected gh $*" >&2; exit 1 ;;
esac
`,
  );
  chmodSync(join(dir, 'gh'), 0o755);
  return dir;
}

/** Runs the guard step as the runner would, with `${{ … }}` in its env expanded from `context`. */
function runGuard(context: { event: string; allowInput?: string; pr?: string; labels?: string; fingerprint?: string }): { code: number | null; args: string | undefined; stdout: string } {
  const env = runnerEnv({ GITHUB_SHA: 'abc123', FAKE_PR: context.pr ?? '', FAKE_LABELS: context.labels ?? '', FAKE_FINGERPRINT: context.fingerprint ?? '' });
  const values: Record<string, string> = { 'github.token': 'ghs_x', 'github.repository': 'acme/invites', 'github.event_name': context.event, 'inputs.allow-mass-delete': context.allowInput ?? '' };
  const stepEnv = Object.fromEntries(Object.entries(guard.env ?? {}).map(([name, value]) => [name, value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_all, key: string) => values[key] ?? '')]));
  const script = join(env['RUNNER_TEMP']!, 'guard.sh');
  writeFileSync(script, guard.run!);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { env: { PATH: `${fakeGh()}:${process.env['PATH']}`, ...env, ...stepEnv }, encoding: 'utf8' });
  return { code: result.status, args: parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))['args']?.trim(), stdout: result.stdout };
}

describe('approving a mass delete in the example apply workflow, without editing it', () => {
  it('a merged PR labelled invitectl-allow-mass-delete adds --allow-mass-delete to the reviewed fingerprint', () => {
    const run = runGuard({ event: 'push', pr: '7', labels: 'docs\ninvitectl-allow-mass-delete', fingerprint: FINGERPRINT });
    expect(run.code).toBe(0);
    expect(run.args).toBe(`--allow-mass-delete --expect-fingerprint ${FINGERPRINT}`);
  });

  it('without the label, only the fingerprint', () => {
    expect(runGuard({ event: 'push', pr: '7', labels: 'docs', fingerprint: FINGERPRINT }).args).toBe(`--expect-fingerprint ${FINGERPRINT}`);
  });

  it('Run workflow: the allow-mass-delete input adds the flag, and only when ticked', () => {
    expect(runGuard({ event: 'workflow_dispatch', allowInput: 'true' }).args).toBe('--allow-mass-delete');
    expect(runGuard({ event: 'workflow_dispatch', allowInput: 'false' }).args).toBe('');
  });

  it('a direct push (no merged PR) applies a fresh plan with no approval', () => {
    const run = runGuard({ event: 'push' });
    expect(run.code).toBe(0);
    expect(run.args).toBe('');
    expect(run.stdout).toContain('no merged pull request');
  });
});
