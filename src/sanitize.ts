// Output safety: what may be printed of text that came from a file, an argument or an API answer.
import { redact } from './redact.ts';

/** C0 and C1 controls (DEL included) except tab and newline, and the bidirectional formatting characters. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw but a terminal would obey: C1 controls, DEL, bidi marks, line separators. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** A quoted value longer than this in a message is cut to an excerpt. */
const LONG_QUOTE = 40;

/** Characters of a long quoted value that are kept. */
const EXCERPT_KEEP = 10;

/** The longest line a message prints; longer lines are cut, so no input is ever echoed whole. */
export const MAX_MESSAGE_LINE = 500;

/**
 * Removes control characters (except tab, and newline when `multiline`) and bidi formatting
 * characters, so no escape sequence or reordering from untrusted text reaches a terminal, a log
 * or a GitHub annotation. A newline in single-line text becomes a space.
 */
export function cleanText(text: string, multiline = false): string {
  const flat = multiline ? text : text.replace(/\r\n|\n/g, ' ');
  return flat.replace(UNSAFE, '');
}

/** Escapes, as `\uXXXX`, characters JSON.stringify output may hold raw but a terminal would obey; the JSON means the same. */
export function escapeJsonOutput(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short masked excerpt of an input value: keys masked, controls removed, at most a few characters and the length. */
export function excerpt(value: string): string {
  const clean = cleanText(redact(value));
  const chars = Array.from(clean);
  if (chars.length <= LONG_QUOTE) return `"${clean}"`;
  return `"${chars.slice(0, EXCERPT_KEEP).join('')}…" (${chars.length} characters)`;
}

/**
 * A message built from untrusted text, made safe to print: keys masked, every long double-quoted
 * value cut to an {@link excerpt}, controls removed, and each line cut at {@link MAX_MESSAGE_LINE}.
 */
export function safeMessage(text: string, multiline = false): string {
  const quoted = redact(text).replace(/"((?:[^"\\\n]|\\.)*)"/g, (whole, inner: string) => (Array.from(inner).length > LONG_QUOTE ? excerpt(inner) : whole));
  return cleanText(quoted, multiline)
    .split('\n')
    .map((line) => (line.length > MAX_MESSAGE_LINE ? `${line.slice(0, MAX_MESSAGE_LINE)}… (cut)` : line))
    .join('\n');
}
