// ProviderError: a failed API call, in the API's own terms and in one provider-neutral meaning.
import { InvitectlError } from '../errors.ts';
import type { HttpError } from '../http.ts';
import type { ProviderName } from '../model.ts';

/** `update-member` / `remove-member`: a member's access changed or the member removed (issue #16). */
export type ProviderOperation = 'read' | 'create' | 'delete' | 'update-member' | 'remove-member';

/**
 * What a definite failure means, whatever the API: the applier decides on this, never on a
 * vendor's codes. `already-done`: someone else made this change (confirm by re-reading);
 * `item-rejected`: a batch was refused for an item's content, so nothing in it was written;
 * `not-found`: the thing is not there (a delete already done); `refused`: any other definite
 * refusal; `unknown`: no definite answer (see `uncertain`).
 */
export type ErrorMeaning = 'already-done' | 'item-rejected' | 'not-found' | 'refused' | 'unknown';

/** What a provider knows about a failed call, in the API's own terms. */
export interface ProviderErrorInit {
  provider: ProviderName;
  org: string;
  operation: ProviderOperation;
  /** Short description of what failed, e.g. "GET /v1/organizations/invites" or "invite alice@acme.com". */
  subject: string;
  status?: number;
  /** The API's machine code, as its error body gives it. */
  code?: string;
  /** The API's own message. */
  apiMessage?: string;
  requestId?: string;
  /** The server may have acted: re-read before deciding, never replay. */
  uncertain?: boolean;
  /** For a batch create: the item the API blamed, by index. */
  itemIndex?: number;
  /** The provider's reading of the answer; by default from the status (404 not-found, else refused). */
  meaning?: ErrorMeaning;
  cause?: HttpError;
}

/** A call to a vendor API failed; the message names the org, the call and the API's answer. */
export class ProviderError extends InvitectlError {
  override name = 'ProviderError';
  readonly provider: ProviderName;
  readonly org: string;
  readonly operation: ProviderOperation;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly uncertain: boolean;
  readonly itemIndex: number | undefined;
  readonly meaning: ErrorMeaning;

  constructor(init: ProviderErrorInit, reason?: string) {
    const answer = [init.status, init.code].filter((part) => part !== undefined).join(' ');
    const detail = reason ?? [answer, init.apiMessage].filter(Boolean).join(': ');
    const request = init.requestId ? ` (request ${init.requestId})` : '';
    super(`${init.org} (${init.provider}): ${init.subject} failed: ${detail || 'unknown error'}${request}`, init.cause ? { cause: init.cause } : undefined);
    this.provider = init.provider;
    this.org = init.org;
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    this.requestId = init.requestId;
    this.uncertain = init.uncertain ?? false;
    this.itemIndex = init.itemIndex;
    this.meaning = init.uncertain ? 'unknown' : (init.meaning ?? defaultMeaning(init));
  }
}

function defaultMeaning(init: ProviderErrorInit): ErrorMeaning {
  if (init.status === undefined) return 'unknown';
  return init.status === 404 ? 'not-found' : 'refused';
}
