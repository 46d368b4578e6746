// Reading the GitHub Actions event payload (the pull request number).
import { readFile } from 'node:fs/promises';
import { InvitectlError } from '../errors.ts';
import type { ActionsEnvironment } from './environment.ts';
import { eventPayloadSchema } from './schema.ts';

/**
 * The pull request this run is about, from the event payload (`$GITHUB_EVENT_PATH`):
 * `pull_request.number` (pull_request events), or `issue.number` when an issue_comment event's
 * issue is a PR. Throws naming the event when there is none.
 */
export async function pullRequestNumber(actions: Pick<ActionsEnvironment, 'eventFile' | 'eventName'>): Promise<number> {
  const event = actions.eventName ?? 'unknown';
  if (!actions.eventFile) throw new InvitectlError('plan --comment: GITHUB_EVENT_PATH is not set, so there is no pull request to comment on (run it in a pull_request workflow)');
  let text: string;
  try {
    text = await readFile(actions.eventFile, 'utf8');
  } catch (error) {
    throw new InvitectlError(`plan --comment: cannot read the event payload ${actions.eventFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvitectlError(`plan --comment: the event payload ${actions.eventFile} is not JSON`);
  }
  const parsed = eventPayloadSchema.safeParse(json);
  const payload = parsed.success ? parsed.data : {};
  const number = payload.pull_request?.number ?? (payload.issue?.pull_request === undefined ? undefined : payload.issue.number);
  if (number === undefined) throw new InvitectlError(`plan --comment: this ${event} event is not about a pull request (run it on pull_request)`);
  return number;
}
