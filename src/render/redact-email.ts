// --redact-emails: emails shown as a***@acme.com#hash, stable within a run; keyed when a secret is given.
import { createHash, createHmac } from 'node:crypto';
import { InvitectlError } from '../errors.ts';
import { registerSecret } from '../redact.ts';

/** The environment variable holding the secret that keys the redaction hash (HMAC-SHA-256). */
export const REDACT_KEY_ENV = 'INVITECTL_REDACT_KEY';

/** A shorter key could be guessed along with the address; 16 characters is a floor, not a goal. */
const MIN_KEY_LENGTH = 16;

/** The key the hash is made with in this run; undefined: plain sha256 (anyone can recompute it). */
let redactionKey: string | undefined;

/**
 * Takes the redaction key from `INVITECTL_REDACT_KEY` (unset or empty: no key). The key is masked
 * like an API key wherever it could be printed; a key under 16 characters is refused.
 */
export function useRedactionKey(env: Readonly<Record<string, string | undefined>>): void {
  const key = env[REDACT_KEY_ENV];
  if (key === undefined || key === '') {
    redactionKey = undefined;
    return;
  }
  if (key.length < MIN_KEY_LENGTH) throw new InvitectlError(`${REDACT_KEY_ENV} must hold at least ${MIN_KEY_LENGTH} characters (a random secret), not ${key.length}`);
  registerSecret(key);
  redactionKey = key;
}

/**
 * An email address inside free text (a message, a first name). Deliberately loose: it starts at a
 * letter or digit so surrounding quotes stay outside, and takes any other non-delimiter characters,
 * so unusual addresses (`josé@…`, `o'brien@…`) are still caught; a false positive only over-redacts.
 */
const EMAIL_IN_TEXT = /[\p{L}\p{N}][^\s@<>()[\]\\,;:"]*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * `alice@acme.com` → `a***@acme.com#1a2b3c`: the first letter, the domain, and the first 6 hex of
 * sha256 of the lower-cased address (HMAC-SHA-256 with the key from {@link useRedactionKey} when
 * one is set), so reviewers can tell addresses apart across runs without seeing them. Unkeyed, a
 * reader with a list of candidate addresses can check them against the hash. An address without
 * `@` keeps only its first letter and the hash.
 */
export function redactEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const digest = redactionKey === undefined ? createHash('sha256') : createHmac('sha256', redactionKey);
  const hash = digest.update(lower, 'utf8').digest('hex').slice(0, 6);
  const at = lower.lastIndexOf('@');
  // Array.from splits by code point, so an address starting with an astral character keeps it whole.
  const first = Array.from(lower)[0] ?? '';
  return at < 0 ? `${first}***#${hash}` : `${first}***@${lower.slice(at + 1)}#${hash}`;
}

/** Redacts every email address found in free text with {@link redactEmail}. */
export function redactEmailsInText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (match) => redactEmail(match));
}
