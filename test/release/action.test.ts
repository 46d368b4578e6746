// The action as the major tag ships it: its own step scripts, run with bash from a dir holding only action.yml and the built bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/yaml.ts';
import { ROOT, runtimes, stageRepository, startSandbox, type Runtime } from './consumer.ts';

type Step = { id?: string; if?: string; run?: string; env?: Record<string, string> };
const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')).file?.value as { runs: { steps: Step[] } };
const step = (id: string): Step => action.runs.steps.find((candidate) => candidate.id === id)!;

const OLDEST = runtimes().reduce((oldest, runtime) => (runtime.major < oldest.major ? runtime : oldest));
const STAGED = stageRepository();
// GITHUB_ACTION_PATH of `uses: OWNER/invitectl@v1`: the action and dist/, no node_modules, no src/.
const ACTION = join(STAGED, 'action');
const WORKSPACE = join(STAGED, 'workspace');

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.ts'], { cwd: STAGED, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  mkdirSync(ACTION);
  copyFileSync(join(ROOT, 'action.yml'), join(ACTION, 'action.yml'));
  cpSync(join(STAGED, 'dist'), join(ACTION, 'dist'), { recursive: true });
  mkdirSync(WORKSPACE);
  copyFileSync(join(ROOT, 'invites.example.yaml'), join(WORKSPACE, 'invites.yaml'));
}, 60_000);

afterAll(() => {
  rmSync(STAGED, { recursive: true, force: true });
});

/** Runs one step's script as the runner does (bash, inputs as env), on `runtime`; returns its exit, output and $GITHUB_OUTPUT. */
function runStep(id: string, runtime: Runtime, env: Record<string, string>): { status: number | null; stdout: string; stderr: string; outputs: string } {
  const outputs = join(mkdtempSync(join(STAGED, 'out-')), 'output');
  writeFileSync(outputs, '');
  const run = spawnSync('bash', ['-e', '-c', step(id).run!], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env, GITHUB_ACTION_PATH: ACTION, GITHUB_OUTPUT: outputs, PATH: `${dirname(runtime.node)}${delimiter}${process.env['PATH'] ?? ''}` },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs: readFileSync(outputs, 'utf8') };
}

describe('the action from its major tag (dist/ built in)', () => {
  it('finds the bundle, so the build step is skipped', () => {
    expect(runStep('bundle', OLDEST, {}).outputs).toBe('built=true\n');
    const build = action.runs.steps.find((candidate) => candidate.run?.includes('scripts/build.ts'));
    expect(build?.if).toBe("steps.bundle.outputs.built != 'true'");
  });

  it(`keeps the job's Node ${OLDEST.major} for the bundle, and asks for a newer one only to build it`, () => {
    expect(OLDEST.major).toBeLessThan(22);
    expect(runStep('node', OLDEST, { INVITECTL_BUILT: 'true' }).outputs).toBe('ok=true\n');
    expect(runStep('node', OLDEST, { INVITECTL_BUILT: '' }).outputs).toBe('');
  });

  it(`validates on Node ${OLDEST.major} with nothing installed`, () => {
    const run = runStep('invitectl', OLDEST, { INVITECTL_COMMAND: 'validate', INVITECTL_CONFIG: 'invites.yaml', INVITECTL_ARGS: '' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^invites\.yaml: valid — 3 orgs/);
  });

  it(`plans against the sandbox on Node ${OLDEST.major} and sets the step outputs`, async () => {
    const sandbox = await startSandbox(OLDEST, ACTION, [OLDEST.node, join(ACTION, 'dist/invitectl.js')]);
    try {
      const run = runStep('invitectl', OLDEST, { ...sandbox.env, GITHUB_ACTIONS: 'true', INVITECTL_COMMAND: 'plan', INVITECTL_CONFIG: 'invites.yaml', INVITECTL_ARGS: '' });
      expect(run.status).toBe(0);
      expect(run.outputs).toMatch(/^has_changes=true$/m);
      expect(run.outputs).toMatch(/^fingerprint=sha256:[0-9a-f]{64}$/m);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});
