// Masking secrets in any text we print: the keys this run read, and anything shaped like a known key.
import type { SecretShape } from './providers/provider.ts';

/** GitHub token shapes (plan --comment); each API's key shapes come from its provider module. */
const GITHUB_SHAPES: readonly SecretShape[] = [
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, prefix: '' },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, prefix: 'github_pat_' },
];

/** Where the APIs' key shapes come from: the provider registry adds itself when it loads. */
const shapeSources: Array<() => readonly SecretShape[]> = [];

/**
 * Adds a source of key shapes, read at each call. The provider registry calls this as it loads,
 * so `--version` and `--help` need not load every provider (and zod) to start; every command
 * that reads a key or a config loads the registry first.
 */
export function addSecretShapes(source: () => readonly SecretShape[]): void {
  shapeSources.push(source);
}

/** Every key shape to mask, read at each call so a provider registered later is covered. */
function keyShapes(): SecretShape[] {
  return [...shapeSources.flatMap((source) => source()), ...GITHUB_SHAPES];
}

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
  const shapes = keyShapes();
  for (const { pattern } of shapes) result = result.replace(pattern, (match) => maskOf(match, shapes));
  return result;
}

/** A shape's prefix and `…`, or `…` for a secret of no known shape: never any of the secret's own characters beyond the prefix. */
function maskOf(secret: string, shapes: readonly SecretShape[] = keyShapes()): string {
  const github = /^gh[pousr]_/.exec(secret)?.[0];
  const prefix = github ?? shapes.find((shape) => shape.prefix !== '' && secret.startsWith(shape.prefix))?.prefix;
  return `${prefix ?? ''}…`;
}
