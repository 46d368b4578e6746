// Zod schemas for the GitHub API answers we read.
import { z } from 'zod';

/** An issue or PR comment as the REST API returns it; extra fields are fine, missing ones fail the read. */
export const issueCommentSchema = z.object({
  id: z.int().positive(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  // A deleted account's comments have a null user ("ghost").
  user: z.object({ login: z.string(), type: z.string() }).nullable(),
});

/** A decoded issue or PR comment. */
export type IssueComment = z.infer<typeof issueCommentSchema>;

/** One page of `GET /repos/{owner}/{repo}/issues/{number}/comments`. */
export const issueCommentsSchema = z.array(issueCommentSchema);

/** The parts of an event payload that name a pull request. */
export const eventPayloadSchema = z.object({
  pull_request: z.object({ number: z.int().positive() }).optional(),
  // issue_comment events: `issue.pull_request` is present when the issue is a PR.
  issue: z.object({ number: z.int().positive(), pull_request: z.unknown().optional() }).optional(),
});
