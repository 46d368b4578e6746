// Whether to colour output: the flag, then NO_COLOR / FORCE_COLOR, then TERM=dumb, then whether stdout is a TTY.
/**
 * Whether to colour output, by precedence: `--color`/`--no-color`, then `NO_COLOR`, then
 * `FORCE_COLOR`, then `TERM=dumb` (a terminal without colour), then whether the stream is a terminal (DESIGN §4).
 */
export function shouldColor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['TERM'] === 'dumb') return false;
  return isTTY === true;
}
