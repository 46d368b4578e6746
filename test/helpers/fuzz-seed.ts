// The seed for fast-check properties: fixed by default so CI replays, INVITECTL_FUZZ_SEED=random (or a number) to explore.

/**
 * The fast-check seed for a property: `fixed` unless INVITECTL_FUZZ_SEED names another (an integer, or
 * `random` for a fresh one each run). The seed is always explicit, so fast-check's failure message
 * (`{ seed: N, path: ... }`) names it and `INVITECTL_FUZZ_SEED=N` replays the run.
 */
export function fuzzSeed(fixed: number): { seed: number } {
  const setting = process.env['INVITECTL_FUZZ_SEED'];
  if (setting === undefined || setting === '') return { seed: fixed };
  if (setting === 'random') return { seed: Math.floor(Math.random() * 2 ** 31) };
  const seed = Number(setting);
  if (!Number.isSafeInteger(seed)) throw new Error(`INVITECTL_FUZZ_SEED must be an integer or "random", not ${JSON.stringify(setting)}`);
  return { seed };
}
