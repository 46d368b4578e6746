// zod's issues as positioned config problems: plain-words types, "did you mean", and other APIs' keys explained.
import { z } from 'zod';
import { providerModules } from '../providers/registry.ts';
import type { YamlFile } from '../yaml.ts';
import { formatPath, type ConfigProblem } from './problem.ts';
import { configPartSchema, configSchema } from './schema.ts';
import { quoted } from './excerpt.ts';
import { closest } from './suggest.ts';

/** zod's type names, as a YAML user knows them. */
const EXPECTED_NAMES: Record<string, string> = { object: 'a mapping', array: 'a list' };

/**
 * Turns zod's issues for a YAML document validated by `schema` into positioned problems, one
 * per unknown key (with a "did you mean" from the keys `schema` allows there).
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], file: string, yaml: YamlFile, schema: z.ZodType): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        return { file, ...yaml.positionOf(path, 'key'), path: formatPath(path), message: unknownKeyMessage(schema, yaml.value, issue.path, key) };
      });
    }
    const part = issue.code === 'invalid_key' ? 'key' : 'value';
    return [{ file, ...yaml.positionOf(issue.path, part), path: formatPath(issue.path), message: issueMessage(issue, yaml.value) }];
  });
}

function issueMessage(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code === 'invalid_type') {
    const actual = valueAt(root, issue.path);
    return actual === undefined ? 'is required' : `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${describe(actual)}`;
  }
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? 'invalid key';
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${String(issue.maximum)}`;
  return issue.message;
}

function unknownKeyMessage(schema: z.ZodType, root: unknown, parentPath: readonly PropertyKey[], key: string): string {
  const provider = schema === configSchema() || schema === configPartSchema() ? providerOf(root, parentPath) : undefined;
  // Keys that belong to other APIs, as the org's own provider explains them.
  const hints = providerModules().find((module) => module.name === provider)?.config.hints ?? {};
  // Own properties only: a key named "constructor" must not find Object's.
  const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
  if (hint) return hint;
  const suggestion = closest(key, knownKeys(schema, root, parentPath));
  return suggestion ? `unknown key ${quoted(key)} (did you mean "${suggestion}"?)` : `unknown key ${quoted(key)}`;
}

/** The provider of the org that `path` lies in, when it is readable. */
function providerOf(root: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'orgs' || path.length < 2) return undefined;
  const provider = valueAt(root, path.slice(0, 2).concat('provider'));
  return typeof provider === 'string' ? provider : undefined;
}

/** The keys the schema allows at `path`, following the data through unions and records. */
function knownKeys(schema: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (let index = 0; ; index++) {
    current = unwrap(current, value);
    if (!current || index === path.length) break;
    const key = path[index]!;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(key)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    value = valueAt(value, [key]);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  if (current instanceof z.ZodDiscriminatedUnion) {
    const tag = valueAt(value, [current._zod.def.discriminator]);
    return (current.options as z.ZodType[]).find((option) => option instanceof z.ZodObject && tagOf(option) === tag);
  }
  return current;
}

function tagOf(option: z.ZodObject): unknown {
  const provider = (option.shape as Record<string, z.ZodType>)['provider'];
  return provider instanceof z.ZodLiteral ? provider.value : undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A whole non-YAML file (a .env, /etc/passwd) arrives here as one string: quote a masked excerpt only.
  return typeof value === 'string' ? `string ${quoted(value)}` : `${typeof value} ${String(value)}`;
}
