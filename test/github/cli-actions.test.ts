import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { extractFingerprint } from '../../src/github/marker.ts';
import { runCli } from '../helpers/cli.ts';
import { startMockGitHub } from '../helpers/github-api.ts';
import { parseOutputs, runnerEnv } from '../helpers/github-files.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: demoSeed() });
});
afterAll(() => sandbox.close());

describe('invitectl in GitHub Actions, end to end through main()', () => {
  it('validate: every config problem also as a positioned ::error annotation', async () => {
    const run = await runCli(['validate', '-c', 'test/fixtures/config/many-problems.yaml'], { cwd: ROOT, env: runnerEnv({ GITHUB_WORKSPACE: ROOT }) });
    expect(run.code).toBe(1);
    const plain = run.stderr.split('\n').filter((line) => line.startsWith('test/fixtures/'));
    const annotations = run.stderr.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations).toHaveLength(plain.length);
    expect(annotations[0]).toBe('::error file=test/fixtures/config/many-problems.yaml,line=5,col=11,title=invitectl::orgs.acme.host: must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])');
  });

  it('plan: summary, outputs, and the sticky comment created then updated', async () => {
    const github = await startMockGitHub({ repository: 'acme/invites', token: 'ghs_e2eToken0123456789' });
    try {
      const env = runnerEnv({ ...sandbox.env, GITHUB_WORKSPACE: ROOT, GITHUB_TOKEN: 'ghs_e2eToken0123456789', GITHUB_REPOSITORY: 'acme/invites', GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request' });
      env['GITHUB_EVENT_PATH'] = join(env['RUNNER_TEMP']!, 'event.json');
      writeFileSync(env['GITHUB_EVENT_PATH'], JSON.stringify({ pull_request: { number: 5 } }));
      const first = await runCli(['plan', '-c', 'invites.example.yaml', '--comment'], { cwd: ROOT, env });
      expect(first.code).toBe(0);
      const outputs = parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'));
      expect(outputs).toMatchObject({ has_changes: 'true', fingerprint: expect.stringMatching(/^sha256:/) });
      expect(readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8')).toContain('## invitectl plan');
      expect(first.stderr).toMatch(/plan comment created on #5/);
      expect(github.comments).toHaveLength(1);
      expect(extractFingerprint(github.comments[0]!.body, 'invites.example.yaml')).toBe(outputs['fingerprint']);
      const second = await runCli(['plan', '-c', 'invites.example.yaml', '--comment', '--redact-emails'], { cwd: ROOT, env });
      expect(second.stderr).toMatch(/plan comment updated on #5/);
      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.body).not.toContain('alice@acme.com');
    } finally {
      await github.close();
    }
  });

  it('apply: the result table goes to the job summary', async () => {
    const env = runnerEnv({ ...sandbox.env, GITHUB_WORKSPACE: ROOT });
    const run = await runCli(['apply', '-c', 'invites.example.yaml', '--yes'], { cwd: ROOT, env });
    expect(run.code).toBe(0);
    const summary = readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8');
    expect(summary).toContain('## invitectl apply');
    expect(summary).toMatch(/^\| ✅ applied \| acme-claude \| create \| `erin@acme\.com` \| +\| req\\_\w+ \|$/m);
  });
});
