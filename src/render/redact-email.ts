// --redact-emails: emails shown as a***@acme.com#hash, stable within a run.
import { createHash } from 'node:crypto';

/**
 * An email address inside free text (a message, a first name). Deliberately loose: it starts at a
 * letter or digit so surrounding quotes stay outside, and takes any other non-delimiter characters,
 * so unusual addresses (`josé@…`, `o'brien@…`) are still caught; a false positive only over-redacts.
 */
const EMAIL_IN_TEXT = /[\p{L}\p{N}][^\s@<>()[\]\\,;:"]*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * `alice@acme.com` → `a***@acme.com#1a2b3c`: the first letter, the domain, and the first 6 hex of
 * sha256 of the lower-cased address, so reviewers can tell addresses apart across runs without
 * seeing them. An address without `@` keeps only its first letter and the hash.
 */
export function redactEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const hash = createHash('sha256').update(lower, 'utf8').digest('hex').slice(0, 6);
  const at = lower.lastIndexOf('@');
  // Array.from splits by code point, so an address starting with an astral character keeps it whole.
  const first = Array.from(lower)[0] ?? '';
  return at < 0 ? `${first}***#${hash}` : `${first}***@${lower.slice(at + 1)}#${hash}`;
}

/** Redacts every email address found in free text with {@link redactEmail}. */
export function redactEmailsInText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (match) => redactEmail(match));
}
