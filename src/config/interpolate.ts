// `${NAME}` and `${NAME:-default}` in API origins, so a config can point at the sandbox.
import { providerModules } from '../providers/registry.ts';
import { excerpt } from './excerpt.ts';

/** `${NAME}` or `${NAME:-default}`: the only substitution the config supports, in the origin fields. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The fields whose values may name environment variables: every provider's origin field, in registry order. */
export function originFields(): string[] {
  return [...new Set(providerModules().map((module) => module.config.originField))];
}

/** Substitutes environment variables into `text`; an unset variable without a default is a problem. */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): { ok: true; value: string } | { ok: false; message: string } {
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  if (missing.length > 0) {
    const names = excerpt(missing.join(', '), 80);
    return { ok: false, message: `environment variable ${names} is not set and has no default (write \${${excerpt(missing[0]!)}:-https://…})` };
  }
  // What is left of a "${" was not a reference we understand: say so rather than send it as a URL.
  if (value.includes('${')) return { ok: false, message: 'malformed environment reference: write ${NAME} or ${NAME:-default}' };
  return { ok: true, value };
}
