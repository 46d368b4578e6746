// Listing and writing pull-request comments through the GitHub client.
import { InvitectlError } from '../errors.ts';
import { HttpError } from '../http.ts';
import type { GitHubConnection } from './client.ts';
import { issueCommentSchema, issueCommentsSchema, type IssueComment } from './schema.ts';

/** 100 pages of 100: ten thousand comments, far past any PR a person reads, and a bound on a Link loop. */
const MAX_PAGES = 100;

/**
 * The first comment on issue or PR `number` that `matches`, reading every page (`per_page=100`,
 * following the `Link: rel="next"` header), oldest first.
 */
export async function findIssueComment(github: GitHubConnection, number: number, matches: (comment: IssueComment) => boolean): Promise<IssueComment | undefined> {
  let path: string | undefined = `/repos/${github.repository}/issues/${number}/comments?per_page=100`;
  for (let page = 0; path !== undefined; page += 1) {
    if (page === MAX_PAGES) throw new InvitectlError(`${github.repository}#${number} has more than ${MAX_PAGES * 100} comments; not looking further for the plan comment`);
    const response = await github.http.get(path);
    const parsed = issueCommentsSchema.safeParse(response.body);
    if (!parsed.success) throw new InvitectlError(`GET ${path}: unexpected response (${parsed.error.issues[0]?.message ?? 'not a list of comments'})`);
    const found = parsed.data.find(matches);
    if (found) return found;
    path = nextPage(response.headers.get('link'), github.apiUrl);
  }
  return undefined;
}

/** Posts a new comment on issue or PR `number`. */
export async function createIssueComment(github: GitHubConnection, number: number, body: string): Promise<IssueComment> {
  const path = `/repos/${github.repository}/issues/${number}/comments`;
  return decode(path, (await github.http.post(path, { body })).body);
}

/** Replaces the body of comment `id`. */
export async function updateIssueComment(github: GitHubConnection, id: number, body: string): Promise<IssueComment> {
  const path = `/repos/${github.repository}/issues/comments/${id}`;
  return decode(path, (await github.http.patch(path, { body })).body);
}

/** Deletes comment `id`; one already gone (404) counts as deleted. */
export async function deleteIssueComment(github: GitHubConnection, id: number): Promise<void> {
  await github.http.delete(`/repos/${github.repository}/issues/comments/${id}`).catch((error: unknown) => {
    if (!(error instanceof HttpError && error.status === 404)) throw error;
  });
}

/**
 * The path (with query) of the `rel="next"` link, relative to the API URL. A link elsewhere is
 * refused: following it would send the token to another host.
 */
export function nextPage(link: string | null, apiUrl: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match || !/\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2] ?? '')) continue;
    const url = match[1] ?? '';
    if (!url.startsWith(`${apiUrl}/`)) throw new InvitectlError(`GitHub's next-page link points outside ${apiUrl}; not following it`);
    return url.slice(apiUrl.length);
  }
  return undefined;
}

function decode(path: string, body: unknown): IssueComment {
  const parsed = issueCommentSchema.safeParse(body);
  if (!parsed.success) throw new InvitectlError(`${path}: unexpected response (${parsed.error.issues[0]?.message ?? 'not a comment'})`);
  return parsed.data;
}
