import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvitectlError } from '../../src/errors.ts';
import { postPlanComment, type PlanCommentOptions } from '../../src/github/comment.ts';
import { COMMENT_MAX_LENGTH, extractFingerprint, formatPlanMarker } from '../../src/github/marker.ts';
import type { RenderInput } from '../../src/render/input.ts';
import { startMockGitHub, type MockGitHub } from '../helpers/github-api.ts';
import { runnerEnv } from '../helpers/github-files.ts';
import { FINGERPRINT, emptyPlan, fullPlan, hugePlan, inputOf } from '../render/fixtures.ts';

const REPOSITORY = 'acme/invites';
const TOKEN = 'ghs_TestTokenNeverPrinted0123456789';
const PR = 42;

let github: MockGitHub;
let env: Record<string, string>;

beforeEach(async () => {
  github = await startMockGitHub({ repository: REPOSITORY, token: TOKEN });
  env = runnerEnv({
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '777',
    GITHUB_EVENT_NAME: 'pull_request',
  });
  env['GITHUB_EVENT_PATH'] = event({ pull_request: { number: PR } });
});
afterEach(() => github.close());

function event(payload: unknown): string {
  const file = join(env['RUNNER_TEMP']!, `event-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

const options = (overrides: Partial<PlanCommentOptions> = {}): PlanCommentOptions => ({
  configFile: 'invites.yaml',
  cwd: env['GITHUB_WORKSPACE']!,
  redactEmails: false,
  retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 },
  timeoutMs: 2_000,
  ...overrides,
});

const withFingerprint = (input: RenderInput, fingerprint: string): RenderInput => ({ ...input, fingerprint });
const OTHER = `sha256:${'f'.repeat(64)}`;

describe('the sticky plan comment, against a loopback GitHub API', () => {
  it('creates one comment on the first run and updates that same comment on the second', async () => {
    // 250 earlier comments by people: ours has to be found past the first two pages.
    for (let i = 0; i < 250; i += 1) github.seed(PR, `LGTM ${i}`, { login: `user${i}`, type: 'User' });
    const first = await postPlanComment(env, inputOf(fullPlan()), options());
    expect(first).toMatchObject({ action: 'created', pullRequest: PR });
    const ours = () => github.comments.filter((comment) => comment.body.startsWith('<!-- invitectl-plan '));
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ id: first.commentId, issue: PR, user: { type: 'Bot' } });
    expect(extractFingerprint(ours()[0]!.body)).toBe(FINGERPRINT);
    expect(ours()[0]!.body).toContain(`Fingerprint: \`${FINGERPRINT}\``);
    expect(ours()[0]!.body).toContain('[workflow run](https://github.example/acme/invites/actions/runs/777)');

    github.requests.length = 0;
    const second = await postPlanComment(env, withFingerprint(inputOf(emptyPlan()), OTHER), options());
    expect(second).toMatchObject({ action: 'updated', commentId: first.commentId });
    expect(ours()).toHaveLength(1);
    expect(github.comments).toHaveLength(251);
    expect(extractFingerprint(ours()[0]!.body)).toBe(OTHER);
    expect(ours()[0]!.body).toContain('**No changes**');
    // Every page read, following the Link header, then one PATCH.
    expect(github.requests).toEqual([
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100`,
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=2`,
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=3`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${first.commentId}`,
    ]);
  });

  it('sends nothing when the comment already says the same', async () => {
    const first = await postPlanComment(env, inputOf(fullPlan()), options());
    github.requests.length = 0;
    expect(await postPlanComment(env, inputOf(fullPlan()), options())).toMatchObject({ action: 'unchanged', commentId: first.commentId });
    expect(github.requests.filter((request) => !request.startsWith('GET '))).toEqual([]);
  });

  it('keeps a 20,000-change plan within GitHub\'s 65,536-character limit, marker and fingerprint intact', async () => {
    const result = await postPlanComment(env, inputOf(hugePlan()), options());
    expect(result.action).toBe('created');
    const body = github.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(body.length).toBeGreaterThan(50_000);
    expect(body.startsWith(`${formatPlanMarker({ config: 'invites.yaml', fingerprint: FINGERPRINT })}\n## invitectl plan`)).toBe(true);
    expect(body).toContain('This plan is cut to fit');
    expect(body).toContain(`Fingerprint: \`${FINGERPRINT}\``);
  });

  it('keeps one comment per config, named relative to the repository root', async () => {
    await postPlanComment(env, inputOf(fullPlan()), options({ configFile: './invites.yaml' }));
    await postPlanComment(env, inputOf(fullPlan()), options({ configFile: 'teams/invites.yaml' }));
    await postPlanComment(env, withFingerprint(inputOf(fullPlan()), OTHER), options({ configFile: '../invites.yaml', cwd: join(env['GITHUB_WORKSPACE']!, 'teams') }));
    expect(github.comments).toHaveLength(2);
    expect(github.comments.map((comment) => comment.body.split('\n')[0])).toEqual([
      formatPlanMarker({ config: 'invites.yaml', fingerprint: OTHER }),
      formatPlanMarker({ config: 'teams/invites.yaml', fingerprint: FINGERPRINT }),
    ]);
  });

  it('ignores a marker copied into a comment by a person: only a bot\'s comment is ours', async () => {
    const spoof = github.seed(PR, `${formatPlanMarker({ config: 'invites.yaml', fingerprint: OTHER })}\nlooks legit`, { login: 'mallory', type: 'User' });
    await postPlanComment(env, inputOf(fullPlan()), options());
    expect(github.comments).toHaveLength(2);
    expect(spoof.body).toContain('looks legit');
    expect(extractFingerprint(github.comments[1]!.body)).toBe(FINGERPRINT);
  });

  it('with INVITECTL_COMMENT_AUTHOR (a personal token) takes only that account\'s comment', async () => {
    const mine = github.seed(PR, `${formatPlanMarker({ config: 'invites.yaml', fingerprint: OTHER })}\nold plan`, { login: 'invites-bot-user', type: 'User' });
    const result = await postPlanComment({ ...env, INVITECTL_COMMENT_AUTHOR: 'invites-bot-user' }, inputOf(fullPlan()), options());
    expect(result).toMatchObject({ action: 'updated', commentId: mine.id });
    expect(github.comments).toHaveLength(1);
  });

  it('finds the pull request of an issue_comment event', async () => {
    env['GITHUB_EVENT_PATH'] = event({ issue: { number: 7, pull_request: { url: 'x' } } });
    expect(await postPlanComment(env, inputOf(fullPlan()), options())).toMatchObject({ action: 'created', pullRequest: 7 });
    expect(github.comments[0]!.issue).toBe(7);
  });

  it.each([
    ['a push event', () => event({ ref: 'refs/heads/main' }), /this pull_request event is not about a pull request/],
    ['an issue that is not a PR', () => event({ issue: { number: 3 } }), /not about a pull request/],
    ['no event file', () => '', /GITHUB_EVENT_PATH is not set/],
  ])('refuses %s, sending nothing', async (_name, eventFile, message) => {
    env['GITHUB_EVENT_PATH'] = eventFile();
    await expect(postPlanComment(env, inputOf(fullPlan()), options())).rejects.toThrow(message);
    expect(github.requests).toEqual([]);
  });

  it.each([
    ['no token', { GITHUB_TOKEN: '' }, /needs a token in GITHUB_TOKEN/],
    ['no repository', { GITHUB_REPOSITORY: '' }, /needs GITHUB_REPOSITORY as owner\/name/],
    ['an http API that is not loopback', { GITHUB_API_URL: 'http://github.internal/api/v3' }, /GITHUB_API_URL must use https:\/\//],
  ])('refuses %s before any request', async (_name, overrides, message) => {
    await expect(postPlanComment({ ...env, ...overrides }, inputOf(fullPlan()), options())).rejects.toThrow(message);
    expect(github.requests).toEqual([]);
  });

  it('names the repository and PR when GitHub refuses, never the token', async () => {
    const error = await postPlanComment({ ...env, GITHUB_TOKEN: `${TOKEN}-revoked` }, inputOf(fullPlan()), options()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvitectlError);
    expect((error as Error).message).toBe(`could not post the plan comment on ${REPOSITORY}#${PR}: GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100: HTTP 401 (GITHUB_TOKEN was refused)`);
    expect(`${String(error)}\n${(error as Error).stack}`).not.toContain('TestToken');
  });
});
