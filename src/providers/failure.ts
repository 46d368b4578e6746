// Turning HTTP failures and unreadable answers into ProviderErrors, the same way for every API.
import type { z } from 'zod';
import { HttpError, type HttpResponse } from '../http.ts';
import { ProviderError, type ErrorMeaning, type ProviderErrorInit } from './errors.ts';
import type { DeleteOutcome, WriteResult } from './provider.ts';

/** Who failed and doing what: the part of a ProviderError every call site knows. */
export type FailureContext = Pick<ProviderErrorInit, 'provider' | 'org' | 'operation' | 'subject'>;

/** What a provider reads out of an API's error body. */
export interface ApiErrorDetails {
  code?: string;
  meaning?: ErrorMeaning;
  apiMessage?: string;
  requestId?: string;
  itemIndex?: number;
}

/**
 * Turns an HttpError into a ProviderError with the API's own code, message and request id;
 * anything else (a read-only refusal, a bug) passes through untouched.
 */
export function toProviderError(error: unknown, context: FailureContext, details: (error: HttpError, context: FailureContext) => ApiErrorDetails): unknown {
  if (!(error instanceof HttpError)) return error;
  const api = error.kind === 'status' ? details(error, context) : { requestId: details(error, context).requestId };
  const reason = error.kind === 'status' ? undefined : error.message;
  return new ProviderError(
    {
      ...context,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...definedOnly(api),
      uncertain: error.uncertain,
      cause: error,
    },
    reason,
  );
}

/**
 * The failure context and call wrapper one provider's org uses: every API call goes through
 * `call`, so every HTTP failure becomes a ProviderError naming the org, the call and the API's answer.
 */
export function apiCaller(provider: FailureContext['provider'], org: string, details: (error: HttpError, context: FailureContext) => ApiErrorDetails) {
  const context = (operation: FailureContext['operation'], subject: string): FailureContext => ({ provider, org, operation, subject });
  const call = async <T>(ctx: FailureContext, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw toProviderError(error, ctx, details);
    }
  };
  return { context, call };
}

/**
 * Decodes a response body with a strict wire schema; an unreadable body fails the whole call.
 * The answer to a write that succeeded but cannot be read is uncertain: the server acted, so
 * the caller must re-read, never send it again.
 */
export function decode<T>(schema: z.ZodType<T>, body: unknown, context: FailureContext): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '') : 'body';
  const written = context.operation !== 'read';
  const why = written ? 'the change was made; re-read to see it' : 'refusing to guess: an unread item could turn into a delete';
  throw new ProviderError({ ...context, uncertain: written }, `unreadable response: ${where}: ${issue?.message ?? 'invalid'} (${why})`);
}

function definedOnly(details: ApiErrorDetails): ApiErrorDetails {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as ApiErrorDetails;
}

/**
 * Checks that a write's answer created what was sent: `sent` and `answered` are keys such as
 * "email level" in any order. A short, empty or different answer is not "applied": the server
 * may or may not have acted, so the error is uncertain and the caller re-reads, never re-sends.
 */
export function checkWriteAnswer(context: FailureContext, sent: readonly string[], answered: readonly string[], requestId?: string): void {
  const left = new Map<string, number>();
  for (const key of answered) left.set(key, (left.get(key) ?? 0) + 1);
  const missing = sent.filter((key) => {
    const count = left.get(key) ?? 0;
    left.set(key, count - 1);
    return count <= 0;
  });
  if (missing.length === 0 && answered.length === sent.length) return;
  const what = missing.length > 0 ? `no ${missing[0]} in it` : 'more than was sent';
  throw new ProviderError(
    { ...context, uncertain: true, ...(requestId ? { requestId } : {}) },
    `the answer does not match the request (${answered.length} of ${sent.length} sent; ${what}); the change may have been made: re-read to see`,
  );
}

/** A write whose success answer is not the documented one: the server may have acted, so re-read. */
export function unexpectedAnswer(context: FailureContext, why: string, requestId?: string): ProviderError {
  return new ProviderError({ ...context, uncertain: true, ...(requestId ? { requestId } : {}) }, `${why}; the change may have been made: re-read to see`);
}

/**
 * One DELETE of an invite or a member: `deleted` when `wrongAnswer` finds nothing wrong with the
 * answer (else the outcome is uncertain), `already-gone` on a 404. Any other failure is thrown, for
 * the caller's own recovery.
 */
export async function deleteOutcome(
  context: FailureContext,
  send: () => Promise<HttpResponse>,
  requestIdOf: (headers: Headers) => string | undefined,
  wrongAnswer: (response: HttpResponse) => string | undefined,
): Promise<WriteResult<DeleteOutcome>> {
  try {
    const response = await send();
    const requestId = requestIdOf(response.headers);
    const why = wrongAnswer(response);
    if (why !== undefined) throw unexpectedAnswer(context, why, requestId);
    return { value: 'deleted', ...(requestId ? { requestId } : {}) };
  } catch (error) {
    if (error instanceof ProviderError && error.meaning === 'not-found') return alreadyGone(error);
    throw error;
  }
}

/** A delete whose target was already gone, with the request id of the answer that said so. */
export function alreadyGone(error: ProviderError): WriteResult<DeleteOutcome> {
  return { value: 'already-gone', ...(error.requestId ? { requestId: error.requestId } : {}) };
}

/** Why a delete's answer is not `{ id: <this id>, … }` as `schema` reads it; undefined when it is. */
export function answerNaming(schema: z.ZodType<{ id: string }>, id: string, shape: string): (response: HttpResponse) => string | undefined {
  return (response) => {
    const answer = schema.safeParse(response.body);
    return answer.success && answer.data.id === id ? undefined : `the answer is not ${shape}`;
  };
}
