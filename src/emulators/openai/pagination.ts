// OpenAI emulator: cursor pages (`limit` 1..100, `after` only) for both lists.
import { OpenAIApiError, invalidRequest } from './errors.ts';
import type { ListPage } from './wire.ts';

/** Page size bounds and default for both lists (reference §5). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** The cursor part of a list query. */
export interface PageQuery {
  limit: number;
  after: string | undefined;
}

/**
 * Parses `limit` and `after`. A limit outside 1..100 or not a whole number gets 400 (the
 * reference's likely answer, a choice: it is UNCONFIRMED); `before` and other parameters are ignored.
 */
export function parsePageQuery(params: URLSearchParams): PageQuery {
  const raw = params.get('limit');
  let limit = DEFAULT_LIMIT;
  if (raw !== null) {
    if (!/^-?\d+$/.test(raw.trim())) throw invalidRequest(`Invalid 'limit': expected an integer, but got '${raw}' instead.`, 'limit');
    limit = Number(raw);
    if (limit < 1) throw new OpenAIApiError(400, `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`, { param: 'limit', code: 'integer_below_min_value' });
    if (limit > MAX_LIMIT) throw new OpenAIApiError(400, `Invalid 'limit': integer above maximum value. Expected a value <= ${MAX_LIMIT}, but got ${limit} instead.`, { param: 'limit', code: 'integer_above_max_value' });
  }
  // An empty cursor is treated as absent.
  return { limit, after: params.get('after') || undefined };
}

/**
 * One page of `ordered` (newest first). `after` is exclusive and anchored on the full history, so
 * an item deleted between pages still anchors the next page; an id never seen gets 400 (a choice).
 * `last_id` is set whenever `has_more` is, or the SDK would stop early (§11).
 */
export function paginate<T extends { id: string }>(ordered: readonly T[], visible: (item: T) => boolean, query: PageQuery): Omit<ListPage<T>, 'object'> {
  let start = 0;
  if (query.after !== undefined) {
    const index = ordered.findIndex((item) => item.id === query.after);
    if (index < 0) throw invalidRequest(`Invalid 'after': no object with id '${query.after}'.`, 'after');
    start = index + 1;
  }
  const candidates = ordered.slice(start).filter(visible);
  const data = candidates.slice(0, query.limit);
  return { data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: candidates.length > data.length };
}

/** A repeatable query parameter: the SDK's bracket form (`emails[]=a`) and plain repeats (`emails=a`). */
export function repeatedParam(params: URLSearchParams, name: string): string[] {
  return [...params.getAll(`${name}[]`), ...params.getAll(name)];
}
