// Reading a cursor-paged list ({data, has_more, last_id}) as one snapshot, bounded against loops and lies.
import { z } from 'zod';
import { ProviderError } from './errors.ts';
import type { FailureContext } from './failure.ts';
import { itemsById, MAX_PAGES, shownId, SnapshotMismatch } from './snapshot.ts';

/** One page of a cursor-paged list, as the wire schema decoded it. */
export interface CursorPage<T> {
  data: T[];
  has_more: boolean;
  last_id: string | null;
}

/** The wire shape of a cursor page: `{data, has_more, first_id, last_id}`. */
export function cursorPageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), has_more: z.boolean(), first_id: z.string().nullable(), last_id: z.string().nullable() });
}

/** How to read one list: its noun for messages, the context of a page's call, and the call itself. */
export interface CursorList<T> {
  noun: string;
  /** The failure context of the call for the page after `afterId` (the first page when undefined). */
  contextOf(afterId: string | undefined): FailureContext;
  fetchPage(afterId: string | undefined, context: FailureContext): Promise<CursorPage<T>>;
}

/**
 * Every item of a cursor-paginated list, following `last_id` while `has_more`. The cursor is
 * the server's: a cursor seen before, or a page of nothing new, is a loop, and no list takes
 * more than MAX_PAGES pages, so a server that never stops cannot keep us reading.
 */
export async function readCursorPages<T extends { id: string }>(list: CursorList<T>): Promise<T[]> {
  const { noun } = list;
  const merged = itemsById<T>((entry) => entry.id, noun);
  const cursors = new Set<string>();
  for (let afterId: string | undefined, pageNumber = 1; ; pageNumber++) {
    const ctx = list.contextOf(afterId);
    if (pageNumber > MAX_PAGES) throw new ProviderError(ctx, `the API still reports more ${noun}s after ${MAX_PAGES} pages; refusing to read on`);
    const page = await list.fetchPage(afterId, ctx);
    let fresh: number;
    try {
      fresh = merged.add(page.data);
    } catch (error) {
      if (error instanceof SnapshotMismatch) throw new ProviderError(ctx, `the pages are not one snapshot of the list: ${error.message}; run again`);
      throw error;
    }
    if (!page.has_more) return merged.items;
    if (page.data.length === 0 || page.last_id === null) throw new ProviderError(ctx, 'the API reported more pages but gave no items or no cursor to reach them');
    if (fresh === 0 || cursors.has(page.last_id)) {
      const why = fresh === 0 ? `holds only ${noun}s already read` : `leads back to cursor ${shownId(page.last_id)}`;
      throw new ProviderError(ctx, `the cursor loops: page ${pageNumber} ${why}`);
    }
    cursors.add(page.last_id);
    afterId = page.last_id;
  }
}
