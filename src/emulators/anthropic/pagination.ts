// Anthropic emulator: cursor pagination (before_id/after_id, limit) for both lists.
import { invalidRequest, quotedList } from './errors.ts';
import { isOneOf } from './wire.ts';
import type { ListPage } from './wire.ts';

/** Page size bounds and default for both lists (reference §5). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

/** The cursor part of a list query; at most one of `afterId` and `beforeId` is set. */
export interface PageQuery {
  limit: number;
  afterId: string | undefined;
  beforeId: string | undefined;
}

/** Parses `limit`, `after_id` and `before_id`, refusing what the API refuses with 400. */
export function parsePageQuery(params: URLSearchParams): PageQuery {
  const rawLimit = params.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim())) {
      throw invalidRequest('limit: Input should be a valid integer, unable to parse string as an integer');
    }
    limit = Number(rawLimit);
    if (limit < 1) throw invalidRequest('limit: Input should be greater than or equal to 1');
    if (limit > MAX_LIMIT) throw invalidRequest(`limit: Input should be less than or equal to ${MAX_LIMIT}`);
  }
  // An empty cursor is treated as absent, as if the client had left it out.
  const afterId = params.get('after_id') || undefined;
  const beforeId = params.get('before_id') || undefined;
  if (afterId !== undefined && beforeId !== undefined) {
    throw invalidRequest('Only one of before_id and after_id may be provided.');
  }
  return { limit, afterId, beforeId };
}

/**
 * One page of `ordered` (newest first). Cursors are exclusive and anchored on the full
 * history, so an item that left the filter or was deleted between pages still anchors the next
 * page; an id never seen gets 400. `after_id` pages towards older items, `before_id` towards
 * newer ones, and `has_more` tells whether more lie further in that direction.
 */
export function paginate<T extends { id: string }>(
  ordered: readonly T[],
  visible: (item: T) => boolean,
  query: PageQuery,
): ListPage<T> {
  const anchorIndex = (id: string, name: string) => {
    const index = ordered.findIndex((item) => item.id === id);
    if (index < 0) throw invalidRequest(`${name}: no object with id '${id}'`);
    return index;
  };
  let candidates: T[];
  let data: T[];
  if (query.beforeId !== undefined) {
    candidates = ordered.slice(0, anchorIndex(query.beforeId, 'before_id')).filter(visible);
    data = candidates.slice(Math.max(0, candidates.length - query.limit));
  } else {
    const start = query.afterId === undefined ? 0 : anchorIndex(query.afterId, 'after_id') + 1;
    candidates = ordered.slice(start).filter(visible);
    data = candidates.slice(0, query.limit);
  }
  return {
    data,
    has_more: candidates.length > data.length,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}

/**
 * The values of a repeatable query parameter: the SDK's bracket form (`statuses[]=a`) and
 * plain repeats (`statuses=a`) alike.
 */
export function repeatedParam(params: URLSearchParams, name: string): string[] {
  return [...params.getAll(`${name}[]`), ...params.getAll(name)];
}

/** Checks each value of a repeatable enum parameter, answering 400 the way the API words it. */
export function enumValues<const T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  return repeatedParam(params, name).map((value, index) => {
    if (!isOneOf(allowed, value)) throw invalidRequest(`${name}[${index}]: Input should be ${quotedList(allowed)}`);
    return value;
  });
}
