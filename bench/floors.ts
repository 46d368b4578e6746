// The floors of issue #12: only the round trips and waits the APIs make unavoidable, nothing the client spends.

/** PostHog's bulk endpoint takes at most 20 invites per call (api/posthog.md §5): one write per 20 creates. */
export const POSTHOG_BULK = 20;
/** Anthropic's list `limit` is at most 1,000 (api/anthropic.md §5); PostHog's has no maximum, so one page can hold a list. */
export const ANTHROPIC_MAX_PAGE = 1000;
/** The default in-flight requests per API key (`--concurrency`, DESIGN.md). */
export const DEFAULT_CONCURRENCY = 4;

/** One list read from an API: `offset` pages (PostHog) can go in parallel once the first gave the count; `cursor` pages (Anthropic) cannot. */
export interface ListRead {
  pages: number;
  paging: 'offset' | 'cursor';
}

/** What one API key must do: its lists (read in parallel) and then its writes. */
export interface KeyWork {
  api: string;
  lists: ListRead[];
  writes: number;
}

/** Pages a list of `items` needs at `pageSize` per page (an empty list still costs one page). */
export function pagesFor(items: number, pageSize: number): number {
  return Math.max(1, Math.ceil(items / pageSize));
}

/** Round trips to read one list: offset pages 1 + ⌈(pages − 1) ÷ concurrency⌉; cursor pages one after another. */
export function listRoundTrips(list: ListRead, concurrency: number): number {
  if (list.pages <= 0) return 0;
  return list.paging === 'offset' ? 1 + Math.ceil((list.pages - 1) / concurrency) : list.pages;
}

/** Round trips for a key's reads: its lists run side by side, so the longest one. */
export function readRoundTrips(lists: readonly ListRead[], concurrency: number): number {
  return Math.max(0, ...lists.map((list) => listRoundTrips(list, concurrency)));
}

/** Round trips for `writes` requests with `concurrency` in flight: ⌈writes ÷ concurrency⌉. */
export function writeRoundTrips(writes: number, concurrency: number): number {
  return Math.ceil(writes / concurrency);
}

/** An apply's floor: per key, reads then writes, each round trip one latency; keys run in parallel, so the slowest key. */
export function applyFloorMs(keys: readonly KeyWork[], latencyMs: number, concurrency: number): number {
  return Math.max(0, ...keys.map((key) => (readRoundTrips(key.lists, concurrency) + writeRoundTrips(key.writes, concurrency)) * latencyMs));
}

/** Requests a key cannot avoid: one per page of each list, plus its writes. */
export function requestsOf(key: KeyWork): number {
  return key.lists.reduce((sum, list) => sum + list.pages, 0) + key.writes;
}

/** The rate floor: requests ÷ rate, for the busiest key (its limit is per key). */
export function rateFloorMs(keys: readonly KeyWork[], perSecond: number): number {
  return (Math.max(0, ...keys.map(requestsOf)) / perSecond) * 1000;
}

/** A sliding log of `perWindow` requests per `windowMs`: request k may go ⌊k ÷ perWindow⌋ windows after the first. */
export function slidingFloorMs(keys: readonly KeyWork[], perWindow: number, windowMs: number): number {
  const requests = Math.max(0, ...keys.map(requestsOf));
  return requests === 0 ? 0 : Math.floor((requests - 1) / perWindow) * windowMs;
}

/** The same with the key's burst spent for free at the start: (requests − burst) ÷ rate, what a full bucket allows. */
export function burstRateFloorMs(keys: readonly KeyWork[], perSecond: number, burst: number): number {
  return (Math.max(0, Math.max(0, ...keys.map(requestsOf)) - burst) / perSecond) * 1000;
}

/** The work of an apply that only creates, against empty orgs: two one-page lists per key, then the writes. */
export function createsWork(posthogCreates: number, anthropicCreates: number, openaiCreates = 0): KeyWork[] {
  const keys: KeyWork[] = [];
  if (posthogCreates > 0) {
    keys.push({ api: 'posthog', lists: [{ pages: 1, paging: 'offset' }, { pages: 1, paging: 'offset' }], writes: Math.ceil(posthogCreates / POSTHOG_BULK) });
  }
  if (anthropicCreates > 0) {
    keys.push({ api: 'anthropic', lists: [{ pages: 1, paging: 'cursor' }, { pages: 1, paging: 'cursor' }], writes: anthropicCreates });
  }
  // OpenAI's lists page by cursor too (limit ≤ 100, api/openai.md §5) and it has no bulk create: one write per invite.
  if (openaiCreates > 0) {
    keys.push({ api: 'openai', lists: [{ pages: 1, paging: 'cursor' }, { pages: 1, paging: 'cursor' }], writes: openaiCreates });
  }
  return keys;
}

/** The median of `values` (the lower middle for an even count, so it is a value that was measured). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
