// Paths relative to the GitHub workspace, for annotations.
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * `file` (as the user typed it, relative to `cwd`) as GitHub names files in a repository:
 * relative to the workspace root, `/` separators, no `./`. Undefined when the file lies outside
 * the workspace, where GitHub could not attach anything to it.
 */
export function workspacePath(file: string, workspace: string, cwd: string): string | undefined {
  const path = relative(resolve(workspace), resolve(cwd, file)).split('\\').join('/');
  if (path === '' || path === '..' || path.startsWith('../') || isAbsolute(path)) return undefined;
  return path;
}
