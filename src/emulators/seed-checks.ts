// Seed checks every emulator makes: a value that must be unique (a key, an id) is reported where it repeats.

/** Adds one problem at `path` of a seed section. */
export type SeedReport = (path: (string | number)[], message: string) => void;

/**
 * Reports each item whose value was already seen in `lists` (checked in order, across lists),
 * at `[list, index, field]`. Items whose value is undefined are skipped.
 */
export function reportRepeats<T>(
  lists: ReadonlyArray<readonly [string, readonly T[]]>,
  valueOf: (item: T) => string | undefined,
  field: string,
  message: (value: string) => string,
  report: SeedReport,
): void {
  const seen = new Set<string>();
  for (const [list, items] of lists) {
    items.forEach((item, index) => {
      const value = valueOf(item);
      if (value === undefined) return;
      if (seen.has(value)) report([list, index, field], message(value));
      seen.add(value);
    });
  }
}
