// Escaping untrusted text for GitHub markdown: inline code and fences.
import { cleanText } from '../sanitize.ts';

/**
 * Characters that GitHub-flavoured markdown may read as markup in running text or a table cell:
 * emphasis, code, links, HTML, headings' trailing `#`, table pipes, strikethrough, entities,
 * math (`$`) and @-mentions. ASCII punctuation may always be backslash-escaped (CommonMark).
 */
const INLINE_MARKUP = /[\\`*_[\]<>#|~&$@]/g;

/** Text safe to put in a heading, a paragraph or a table cell: markup escaped, line breaks flattened, controls and bidi removed. */
export function escapeInline(text: string): string {
  return cleanText(text.replace(INLINE_MARKUP, '\\$&').replace(/\r\n?|\n/g, ' '));
}

/**
 * A fence longer than any run of backticks in the content, so no line (an email with backticks,
 * say) can close the code block early (CommonMark: the closing fence must be at least as long).
 */
export function fenceFor(lines: readonly string[]): string {
  let longest = 0;
  for (const line of lines) {
    for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  }
  return '`'.repeat(Math.max(3, longest + 1));
}
