// Read-after-write lag for the emulators' invite lists: a fault that keeps new invites out of lists for a while.
import type { Clock } from './types.ts';

/**
 * The real APIs are not guaranteed read-after-write: an invite just created may be missing from
 * the next list. With a lag set, a list leaves out invites created less than `lagMs` before the
 * read began. Deterministic: no randomness, only the emulator's clock. One read's pages share the
 * moment its first page was asked for, so a multi-page read stays one consistent snapshot.
 */
export class ReadLag {
  readonly #clock: Clock;
  #lagMs = 0;
  #viewAt = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Sets the lag in milliseconds; 0 (or less) turns it off. */
  set(lagMs: number): void {
    this.#lagMs = Math.max(0, lagMs);
  }

  /**
   * The newest creation time (ms since the epoch) a list page may show, or undefined without a lag.
   * `firstPage` starts a new read; later pages reuse its moment.
   */
  cutoff(firstPage: boolean): number | undefined {
    if (this.#lagMs === 0) return undefined;
    if (firstPage || this.#viewAt === 0) this.#viewAt = this.#clock.now().getTime();
    return this.#viewAt - this.#lagMs;
  }
}
