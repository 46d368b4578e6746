// Anthropic emulator: the loose email shape check the API applies.
/** Loose shape check; the API rejects addresses without a local part, an `@` and a dotted domain. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether `value` is a well-formed email address. */
export function isWellFormedEmail(value: string): boolean {
  return EMAIL_SHAPE.test(value);
}

/**
 * The form used to match addresses: trimmed, lower-cased, `+tag` removed from the local part,
 * so `Jane+hiring@Example.com` matches `jane@example.com` (reference §5).
 */
export function normalizeEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return (plus < 0 ? local : local.slice(0, plus)) + lower.slice(at);
}
