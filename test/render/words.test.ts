// The mass-delete refusal's words: both limits, the managed denominator, and re-invites that revoke.
import { describe, expect, it } from 'vitest';
import { describeUnsafe } from '../../src/render/words.ts';

describe('describeUnsafe', () => {
  const limits = { maxDeletes: 5, maxDeleteRatio: 0.25 };

  it('names both limits and the managed pending invites they are taken of', () => {
    expect(describeUnsafe({ ok: false, deletes: 7, pending: 9, limits })).toBe('7 revokes exceed max_deletes (5) and max_delete_ratio (0.25 of 9 managed pending invites)');
  });

  it('says how many of the revokes come from re-invites that revoke first', () => {
    expect(describeUnsafe({ ok: false, deletes: 6, reinvites: 4, pending: 8, limits })).toBe(
      '6 revokes (4 of them by re-inviting) exceed max_deletes (5) and max_delete_ratio (0.25 of 8 managed pending invites)',
    );
  });
});
