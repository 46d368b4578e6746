// The emulators' clock: real time (or a fixed start) that tests move forward.
import type { Clock } from './types.ts';

/**
 * A clock for the emulators: real time (or a fixed start) plus an offset that tests and the
 * demo move forward to make invites expire.
 */
export function createClock(start?: Date): Clock {
  const base = start?.getTime();
  let offset = 0;
  return {
    now: () => new Date((base ?? Date.now()) + offset),
    advance: (ms: number) => {
      offset += ms;
    },
  };
}
