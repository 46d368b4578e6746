// plan --comment: one sticky pull-request comment, created or updated in place.
import { InvitectlError } from '../errors.ts';
import { HttpError } from '../http.ts';
import { redact } from '../redact.ts';
import { renderPlan, type RenderInput } from '../render/index.ts';
import { MARKDOWN_MAX_LENGTH, MARKDOWN_MIN_LENGTH } from '../render/markdown.ts';
import { VERSION } from '../version.ts';
import { connectGitHub, type GitHubConnectOptions } from './client.ts';
import { createIssueComment, deleteIssueComment, findIssueComment, updateIssueComment } from './comments.ts';
import { readActionsEnvironment, type Env } from './environment.ts';
import { pullRequestNumber } from './event.ts';
import { COMMENT_MAX_LENGTH, formatPlanMarker, parsePlanMarker } from './marker.ts';
import type { IssueComment } from './schema.ts';
import { workspacePath } from './workspace-path.ts';

/**
 * How the plan is commented: `update` one sticky comment in place (the default); `changes-only`,
 * the same, but no comment while the plan has no changes (a stale one is deleted); `new`, a fresh
 * comment on every run.
 */
export type CommentMode = 'update' | 'changes-only' | 'new';

/** Every comment mode, in the order help lists them. */
export const COMMENT_MODES: readonly CommentMode[] = ['update', 'changes-only', 'new'];

/** Where the plan came from and how to show it; the connection options are for tests. */
export interface PlanCommentOptions extends GitHubConnectOptions {
  /** `-c`, as the user typed it; named in the marker relative to the repository root. */
  configFile: string;
  cwd: string;
  redactEmails: boolean;
  /** Default `update`. */
  mode?: CommentMode;
}

/** What `postPlanComment` did, and where; `deleted` and `skipped` (changes-only, no changes) leave no comment. */
export interface PlanCommentResult {
  action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped';
  pullRequest: number;
  /** The comment written, kept, or deleted; absent when skipped. */
  commentId?: number;
  url?: string;
}

/**
 * The sticky plan comment on the run's pull request: finds the comment whose hidden first line
 * names the same config (two configs in one repository get two comments), written by a bot
 * account (or by `INVITECTL_COMMENT_AUTHOR`, for a personal token), and updates it in place, or
 * creates it. Leaves it alone when the body would not change. The body carries the plan's
 * fingerprint in the marker and stays within GitHub's 65,536-character limit. Needs
 * `GITHUB_TOKEN`, `GITHUB_REPOSITORY` and `GITHUB_EVENT_PATH`; errors name the repository and PR,
 * never the token.
 */
export async function postPlanComment(env: Env, input: RenderInput, options: PlanCommentOptions): Promise<PlanCommentResult> {
  const actions = readActionsEnvironment(env);
  const github = connectGitHub(env, options);
  const number = await pullRequestNumber(actions);
  const config = workspacePath(options.configFile, actions.workspace ?? options.cwd, options.cwd) ?? options.configFile;
  const mode = options.mode ?? 'update';
  const body = planCommentBody(input, { config, redactEmails: options.redactEmails, runUrl: actions.runUrl, mode });
  const author = env['INVITECTL_COMMENT_AUTHOR'];
  const ours = (comment: IssueComment): boolean =>
    parsePlanMarker(comment.body ?? '')?.config === config && comment.user !== null && (author ? comment.user.login === author : comment.user.type === 'Bot');
  try {
    if (mode === 'new') {
      const comment = await createIssueComment(github, number, body);
      return { action: 'created', pullRequest: number, commentId: comment.id, url: comment.html_url };
    }
    const existing = await findIssueComment(github, number, ours);
    if (mode === 'changes-only' && !input.plan.orgs.some((org) => org.changes.length > 0)) {
      // A comment left from an earlier push would show changes that are no longer planned.
      if (existing === undefined) return { action: 'skipped', pullRequest: number };
      await deleteIssueComment(github, existing.id);
      return { action: 'deleted', pullRequest: number, commentId: existing.id };
    }
    if (existing?.body === body) return { action: 'unchanged', pullRequest: number, commentId: existing.id, url: existing.html_url };
    const comment = existing ? await updateIssueComment(github, existing.id, body) : await createIssueComment(github, number, body);
    return { action: existing ? 'updated' : 'created', pullRequest: number, commentId: comment.id, url: comment.html_url };
  } catch (error) {
    if (error instanceof HttpError) throw new InvitectlError(redact(`could not post the plan comment on ${github.repository}#${number}: ${error.message}${hint(error.status)}`));
    throw error;
  }
}

/** What the comment shows besides the plan. */
export interface PlanCommentBodyOptions {
  /** The config, relative to the repository root. */
  config: string;
  redactEmails: boolean;
  runUrl: string | undefined;
  /** What the footer says about the next run; default `update`. */
  mode?: CommentMode;
}

const FOOTER_NOTE: Readonly<Record<CommentMode, string>> = {
  update: 'this comment is updated on every run',
  'changes-only': 'this comment is updated on every run, and removed when there are no changes',
  new: 'a new comment is posted on every run',
};

/**
 * A plan comment's body: the hidden marker (config and fingerprint), the markdown plan cut to fit,
 * and a footer naming the config and the run. Never longer than {@link COMMENT_MAX_LENGTH}.
 */
export function planCommentBody(input: RenderInput, options: PlanCommentBodyOptions): string {
  const marker = formatPlanMarker({ config: options.config, fingerprint: input.fingerprint });
  const run = options.runUrl ? ` · [workflow run](${options.runUrl})` : '';
  const footer = `<sub>invitectl ${VERSION} · config \`${options.config.replace(/`/g, '')}\`${run} · ${FOOTER_NOTE[options.mode ?? 'update']}</sub>`;
  const room = COMMENT_MAX_LENGTH - marker.length - footer.length - 8;
  const maxLength = Math.min(MARKDOWN_MAX_LENGTH, room);
  if (maxLength < MARKDOWN_MIN_LENGTH) throw new InvitectlError(`the config path is too long to fit a plan comment: ${options.config.slice(0, 80)}…`);
  const markdown = renderPlan('markdown', input, { color: false, redactEmails: options.redactEmails, maxLength });
  return `${marker}\n${markdown.trimEnd()}\n\n${footer}\n`;
}

function hint(status: number | undefined): string {
  if (status === 401) return ' (GITHUB_TOKEN was refused)';
  if (status === 403 || status === 404) return ' (the job needs permissions: pull-requests: write; a pull request from a fork gets a read-only token)';
  if (status === 422) return ' (GitHub refused the comment body)';
  return '';
}
