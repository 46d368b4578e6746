// plan --comment-mode through main() against the loopback GitHub API (#18.14).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { extractFingerprint } from '../../src/github/marker.ts';
import { startMockGitHub, type MockGitHub } from '../helpers/github-api.ts';
import { runnerEnv } from '../helpers/github-files.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../invites.example.yaml'), 'utf8');
const TOKEN = 'ghs_commentModesToken0123456789';
const PR = 9;

let sandbox: Sandbox;
let github: MockGitHub;
let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  sandbox = await startSandbox({ seed: demoSeed() });
  github = await startMockGitHub({ repository: 'acme/invites', token: TOKEN });
  dir = await configDir(EXAMPLE);
  env = runnerEnv({ GITHUB_WORKSPACE: dir, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/invites', GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request' });
  env['GITHUB_EVENT_PATH'] = join(env['RUNNER_TEMP']!, 'event.json');
  writeFileSync(env['GITHUB_EVENT_PATH'], JSON.stringify({ pull_request: { number: PR } }));
});
afterEach(async () => {
  await github.close();
  await sandbox.close();
});

const plan = (...args: string[]) => runAgainst(sandbox, ['plan', ...args], { cwd: dir, env });
const planComments = () => github.comments.filter((comment) => extractFingerprint(comment.body, 'invites.yaml') !== undefined);
/** Applies the plan, so the next plan has no changes. */
const converge = async () => expect((await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir })).code).toBe(0);

describe('plan --comment-mode', () => {
  it('changes-only: comments while there are changes, deletes the stale comment once there are none, and posts nothing then', async () => {
    const first = await plan('--comment-mode', 'changes-only');
    expect(first.code).toBe(0);
    expect(planComments()).toHaveLength(1);
    expect(planComments()[0]!.body).toContain('removed when there are no changes');
    await converge();
    const second = await plan('--comment-mode', 'changes-only');
    expect(second.stderr).toContain(`plan comment deleted on #${PR}: the plan has no changes`);
    expect(planComments()).toEqual([]);
    const third = await plan('--comment-mode', 'changes-only');
    expect(third.stderr).toContain(`plan comment skipped on #${PR}`);
    expect(github.comments).toEqual([]);
  });

  it('update (the default): one comment, kept and updated even with no changes', async () => {
    await plan('--comment');
    await converge();
    const second = await plan('--comment-mode', 'update');
    expect(second.stderr).toMatch(/plan comment updated on #9/);
    expect(planComments()).toHaveLength(1);
    expect(planComments()[0]!.body).toContain('**No changes**');
  });

  it('new: a fresh comment on every run, the latest last', async () => {
    await plan('--comment-mode', 'new');
    await converge();
    await plan('--comment-mode', 'new');
    const comments = planComments();
    expect(comments).toHaveLength(2);
    expect(comments[0]!.body).not.toContain('**No changes**');
    expect(comments[1]!.body).toContain('**No changes**');
    expect(comments[1]!.body).toContain('a new comment is posted on every run');
  });

  it('refuses an unknown mode before reading anything', async () => {
    const run = await plan('--comment-mode', 'sometimes');
    expect(run).toMatchObject({ code: 1, stderr: 'invitectl plan: --comment-mode must be one of update, changes-only, new, not "sometimes"\n' });
    expect(sandbox.servers.flatMap((server) => server.log)).toEqual([]);
  });
});
