// Grant windows: whether an invite's `until` date has passed at a given time.
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The first instant (ms since the epoch) at which a grant `until` the given UTC day is no longer
 * wanted: the day is inclusive, so `2026-12-31` ends at `2027-01-01T00:00:00.000Z`.
 * Throws on anything but a real `YYYY-MM-DD` date: a misread date would silently revoke a grant.
 */
export function grantEndsAt(until: string): number {
  const match = DATE.exec(until);
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  // The round trip rejects overflowing dates such as 2026-02-30, which Date.UTC rolls into March.
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== until) {
    throw new Error(`invalid until date "${until}" (expected a date as YYYY-MM-DD)`);
  }
  return start + DAY_MS;
}

/** True while a grant is wanted at `now`: it has no `until`, or `now` is on or before that UTC day. */
export function isGrantLive(until: string | undefined, now: Date): boolean {
  return until === undefined || now.getTime() < grantEndsAt(until);
}
