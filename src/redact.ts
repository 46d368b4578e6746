/** Shapes of vendor keys, so a key is masked even when we were never told its value. */
const KEY_PATTERNS: readonly RegExp[] = [
  /\bphx_[A-Za-z0-9_-]{8,}/g, // PostHog personal API key
  /\bpha_[A-Za-z0-9_-]{8,}/g, // PostHog OAuth access token
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic keys (admin and others)
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens (plan --comment)
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
];

/** Known secret values (the keys this run read from the environment), masked wherever they appear. */
const knownSecrets = new Set<string>();

/** Registers a secret so every later `redact` masks it; short values are ignored to avoid noise. */
export function registerSecret(value: string): void {
  if (value.length >= 8) knownSecrets.add(value);
}

/** Replaces every known secret and anything shaped like a vendor key with a short mask. */
export function redact(text: string): string {
  let result = text;
  for (const secret of knownSecrets) result = result.split(secret).join(maskOf(secret));
  for (const pattern of KEY_PATTERNS) result = result.replace(pattern, (match) => maskOf(match));
  return result;
}

/** `phx_…`, `sk-ant-…`, or `…` for a secret of no known shape: never any of the secret's own characters beyond the prefix. */
function maskOf(secret: string): string {
  const prefix = /^(phx_|pha_|sk-ant-|gh[pousr]_|github_pat_)/.exec(secret)?.[1];
  return `${prefix ?? ''}…`;
}
