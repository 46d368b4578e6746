// The comments of YAML text, read from the parser's own tokens: to check none is lost, and to keep trailing ones in their column.
import { Parser } from 'yaml';

/** One comment in a text: where its `#` is, its source, and whether code precedes it on its line. */
interface Comment {
  offset: number;
  source: string;
  trailing: boolean;
}

/** Every comment token of `text`, in text order (a walk of the parser's tokens, without recursion). */
function commentTokens(text: string): Comment[] {
  const found: Array<{ offset: number; source: string }> = [];
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length > 0) {
    const token = stack.pop();
    if (token === null || typeof token !== 'object') continue;
    const { type, offset, source } = token as { type?: unknown; offset?: unknown; source?: unknown };
    if (type === 'comment' && typeof offset === 'number' && typeof source === 'string') found.push({ offset, source });
    else stack.push(...(Array.isArray(token) ? token : Object.values(token)));
  }
  return found
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, source }) => ({ offset, source, trailing: text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset).trim() !== '' }));
}

/** The text of every comment in `text` (without trailing blanks), in text order. */
export function commentsOf(text: string): string[] {
  return commentTokens(text).map((comment) => comment.source.trimEnd());
}

/**
 * Puts each trailing comment of `output` back in the column it had in `source` when the code
 * before it fits (a comment aligned with its neighbours stays aligned), else one space after the
 * code. Comments are matched by their text, in order; only blanks before a `#` are added.
 */
export function alignTrailingComments(source: string, output: string): string {
  const columns = new Map<string, number[]>();
  for (const comment of commentTokens(source)) {
    if (!comment.trailing) continue;
    const key = comment.source.trimEnd();
    columns.set(key, [...(columns.get(key) ?? []), comment.offset - (source.lastIndexOf('\n', comment.offset - 1) + 1)]);
  }
  let result = '';
  let from = 0;
  for (const comment of commentTokens(output)) {
    if (!comment.trailing) continue;
    const column = columns.get(comment.source.trimEnd())?.shift();
    const lineStart = output.lastIndexOf('\n', comment.offset - 1) + 1;
    const code = output.slice(lineStart, comment.offset).trimEnd().length;
    if (column === undefined || column <= code) continue;
    result += output.slice(from, lineStart + code) + ' '.repeat(column - code);
    from = comment.offset;
  }
  return result + output.slice(from);
}
