// PostHog emulator: DRF limit/offset pagination.
/** DRF's `PAGE_SIZE` in PostHog; there is no `max_limit`. */
export const DEFAULT_LIMIT = 100;

/** DRF's paginated list body. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * DRF `LimitOffsetPagination` over `items`: a bad `limit` falls back to 100, a bad `offset` to
 * 0, and `next`/`previous` are absolute URLs built from the request URL like DRF builds them.
 */
export function paginate<T>(url: URL, items: readonly T[]): Page<T> {
  const limit = positiveInt(lastParam(url, 'limit'), true) ?? DEFAULT_LIMIT;
  const offset = positiveInt(lastParam(url, 'offset'), false) ?? 0;
  const count = items.length;
  const next = offset + limit >= count ? null : replaceQueryParam(replaceQueryParam(url, 'limit', limit), 'offset', offset + limit);
  let previous: string | null = null;
  if (offset > 0) {
    const withLimit = replaceQueryParam(url, 'limit', limit);
    previous = offset - limit <= 0 ? removeQueryParam(withLimit, 'offset') : replaceQueryParam(withLimit, 'offset', offset - limit);
  }
  return { count, next, previous, results: items.slice(offset, offset + limit) };
}

/** Django's QueryDict returns the last value of a repeated parameter. */
function lastParam(url: URL, name: string): string | undefined {
  return url.searchParams.getAll(name).at(-1);
}

/** DRF `_positive_int`: Python `int()` syntax; negative (or zero when strict) is rejected. */
function positiveInt(text: string | undefined, strict: boolean): number | undefined {
  if (text === undefined || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) return undefined;
  const value = Number(text.trim().replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 0 || (value === 0 && strict)) return undefined;
  return value;
}

/** DRF `replace_query_param`: set one key, then re-encode every key sorted, with `quote_plus`. */
function replaceQueryParam(url: URL | string, key: string, value: number): string {
  return rebuild(url, (params) => params.set(key, [String(value)]));
}

function removeQueryParam(url: string, key: string): string {
  return rebuild(url, (params) => params.delete(key));
}

function rebuild(url: URL | string, change: (params: Map<string, string[]>) => void): string {
  const parsed = new URL(url);
  const params = new Map<string, string[]>();
  for (const [name, value] of parsed.searchParams) params.set(name, [...(params.get(name) ?? []), value]);
  change(params);
  const query = [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, values]) => values.map((value) => `${quotePlus(name)}=${quotePlus(value)}`))
    .join('&');
  return `${parsed.origin}${parsed.pathname}${query === '' ? '' : `?${query}`}${parsed.hash}`;
}

/** Python's `urllib.parse.quote_plus`: only letters, digits and `_.-~` stay as they are. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}
