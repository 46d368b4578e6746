// Safe excerpts of untrusted file text for config and seed messages: short, masked, no control or bidi characters.
import { redact } from '../redact.ts';

/** A value up to this long (a UUID, a variable name) is quoted whole, once masked … */
export const EXCERPT_CHARS = 40;

/** … and a longer one by its first characters and "…", never its bulk (a .env or /etc/passwd). */
export const CUT_KEEP = 10;

/** C0/C1 controls, DEL, line/paragraph separators and the bidi controls that can reorder or hide text. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `NAME=value` (a .env line) or `…key: value` / `password=value`: the value is what must not be shown. */
const ASSIGNMENT = /\b([A-Za-z_][A-Za-z0-9_]*=)("[^"]*"?|'[^']*'?|[^\s"']+)/g;
const SECRET_FIELD = /\b([\w.-]*(?:pass|secret|token|key|auth|cred|pwd)[\w.-]*\s*[:=]\s*)("[^"]*"?|'[^']*'?|\S+)/gi;
/** A long run of token characters with letters and digits: shaped like a key, whatever its vendor. */
const TOKEN = /[A-Za-z0-9_+/-]{24,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Makes text built from untrusted input printable on one terminal line: every control, separator
 * and bidi character is written as a visible escape (`\n`, `\u001b`), and key-shaped text is masked.
 */
export function safeText(text: string): string {
  return redact(text).replace(UNSAFE, escapeChar);
}

/**
 * At most `max` characters of `value`, masked (vendor key shapes, known secrets, `NAME=value`
 * assignments, long token-like runs) and with control and bidi characters escaped; "…" marks a cut.
 */
export function excerpt(value: string, max: number = EXCERPT_CHARS): string {
  // Mask within a bounded window only: a 5 MB scalar must not cost a 5 MB regex pass per message.
  const windowLength = max * 4 + 256;
  let window = value.length > windowLength ? value.slice(0, windowLength) : value;
  // A token cut by the window would escape the long-token mask: drop its visible part.
  if (window.length < value.length) window = window.replace(/[A-Za-z0-9_+/=-]+$/, '');
  const masked = mask(window);
  const whole = window.length === value.length ? upTo(masked, max) : undefined;
  // A value that does not fit is shown by its first few characters only: enough to recognise it.
  return whole ?? `${upTo(masked, Math.min(max, CUT_KEEP), true)}…`;
}

/** The escaped text when it fits in `max` characters; else undefined, or (with `cut`) as much as fits. */
function upTo(masked: string, max: number, cut = false): string | undefined {
  let out = '';
  for (const char of masked) {
    const piece = char.replace(UNSAFE, escapeChar);
    if (out.length + piece.length > max) return cut ? out : undefined;
    out += piece;
  }
  return out;
}

/** `excerpt(value)` in double quotes, inner quotes escaped, for messages such as `got string "…"`. */
export function quoted(value: string, max: number = EXCERPT_CHARS): string {
  return `"${excerpt(value.replace(/\\/g, '\\\\').replace(/"/g, '\\"'), max)}"`;
}

function mask(text: string): string {
  return redact(text)
    .replace(ASSIGNMENT, (_match, name: string) => `${name}…`)
    .replace(SECRET_FIELD, (_match, name: string) => `${name}…`)
    .replace(TOKEN, (token) => (looksLikeKey(token) ? '…' : token));
}

/** Letters and digits mixed, and not a UUID or a CONSTANT_CASE name (an environment variable's). */
function looksLikeKey(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token) && !UUID.test(token) && !/^[A-Z0-9_]+$/.test(token);
}

function escapeChar(char: string): string {
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
