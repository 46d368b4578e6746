// Paged reads taken as one snapshot: items merged by id, conflicting duplicates refused, pages bounded.

/** Most pages one list may take (1,000 pages of 1,000 items); past it the API is looping or lying. */
export const MAX_PAGES = 1000;

/** Requests for later pages in flight at once per list; the key's concurrency gate may allow fewer. */
export const PARALLEL_PAGES = 32;

/** A set of pages that cannot be one snapshot of the list; the message says why, in one clause. */
export class SnapshotMismatch extends Error {
  override name = 'SnapshotMismatch';
}

/** An id from an API answer, as a message may show it: printable ASCII only, and short. */
export function shownId(id: string): string {
  const printable = id.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

/** The items of one list read, by id, in the order first seen. */
export interface ItemsById<T> {
  readonly items: T[];
  /** Adds a page's items and returns how many were new; an id seen before with other content throws SnapshotMismatch. */
  add(page: readonly T[]): number;
}

/**
 * Collects items by id. The same item listed twice (a duplicated entry, or offsets shifting
 * under a concurrent write) is kept once, since a second copy would look like a surplus invite
 * and be revoked; the same id with different content is two states at once, and refused.
 */
export function itemsById<T>(idOf: (item: T) => string, noun: string): ItemsById<T> {
  const seen = new Map<string, T>();
  const items: T[] = [];
  return {
    items,
    add(page) {
      let fresh = 0;
      for (const item of page) {
        const id = idOf(item);
        const before = seen.get(id);
        if (before === undefined) {
          seen.set(id, item);
          items.push(item);
          fresh++;
          // Decoded items hold only the fields the schema names, in its order: equal JSON is equal
          // content. Only a repeated id pays for the comparison.
        } else if (JSON.stringify(before) !== JSON.stringify(item)) {
          throw new SnapshotMismatch(`${noun} ${shownId(id)} is listed twice with different content`);
        }
      }
      return fresh;
    },
  };
}

/**
 * Runs `fetch` for every index in `0..count-1` with at most `parallel` in flight, into an array
 * in index order. The first failure stops new fetches (those in flight finish) and is thrown.
 */
export async function fetchAll<T>(count: number, parallel: number, fetch: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < count) {
      const index = next++;
      try {
        results[index] = await fetch(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return results;
}
