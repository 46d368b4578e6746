// Canonical config YAML (`invitectl fmt`): keys in schema order, every comment kept, the same data, or a refusal.
import { isDeepStrictEqual } from 'node:util';
import { isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Pair, type YAMLMap } from 'yaml';
import { z } from 'zod';
import type { ProviderModule } from '../providers/provider.ts';
import { providerModules } from '../providers/registry.ts';
import { alignTrailingComments, commentsOf } from './comments.ts';
import { orgCommon } from './fields.ts';
import { configSchema } from './schema.ts';

/** Aliases the data check may expand (the loader's bound; the caller has refused alias bombs already). */
const MAX_ALIAS_COUNT = 100;

/** What formatting made of a text: the canonical text, or why it refused (the text then stays as it is). */
export type Canonical = { ok: true; text: string } | { ok: false; message: string };

const CHANGES_DATA = 'formatting would change the data (e.g. an alias moved before its anchor); left as it is';

const PARSE = { uniqueKeys: true, merge: false } as const;

/**
 * The canonical form of valid YAML config text: top-level, org, invite and nested keys in schema
 * order (unknown keys after, in their order), two-space indentation, every comment kept (a
 * trailing comment keeps its column when the line fits). Orgs, groups and list items keep the
 * user's order. Refuses, rather than writes, output whose data or comments differ from the input's.
 */
export function canonicalYaml(text: string): Canonical {
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length > 0) return { ok: false, message: 'not valid YAML' };
  if (doc.contents === null) return { ok: true, text };
  const before: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  keepKeyLineComments(doc, text);
  reorder(doc.contents, configSchema());
  const written = stringified(doc);
  const output = written === undefined ? undefined : alignTrailingComments(text, written);
  const after = output === undefined ? undefined : parseDocument(output, PARSE);
  if (output === undefined || after === undefined || after.errors.length > 0 || !isDeepStrictEqual(dataOf(after), before)) {
    return { ok: false, message: CHANGES_DATA };
  }
  if (!isDeepStrictEqual(commentsOf(output).sort(), commentsOf(text).sort())) return { ok: false, message: 'formatting would lose a comment; left as it is' };
  return { ok: true, text: output };
}

/** The document as text, or undefined when the library cannot write it (an alias moved before its anchor). */
function stringified(doc: ReturnType<typeof parseDocument>): string | undefined {
  try {
    return doc.toString({ indent: 2, lineWidth: 0, flowCollectionPadding: false });
  } catch {
    return undefined;
  }
}

function dataOf(doc: ReturnType<typeof parseDocument>): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

/**
 * `key:   # note` above a block mapping or list: the library moves the note onto the next line;
 * it is put back on the key, where the user wrote it.
 */
function keepKeyLineComments(doc: ReturnType<typeof parseDocument>, text: string): void {
  visit(doc, {
    Pair(_, pair) {
      const { key, value } = pair;
      if (!isScalar(key) || !isCollection(value) || value.flow || !value.commentBefore || key.range === undefined || key.range === null) return;
      const end = text.indexOf('\n', key.range[1]);
      const rest = text.slice(key.range[1], end < 0 ? undefined : end);
      if (!/^[ \t]*:[ \t]+#/.test(rest) || key.comment) return;
      const [first, ...others] = value.commentBefore.split('\n');
      key.comment = first;
      value.commentBefore = others.length > 0 ? others.join('\n') : undefined;
    },
  });
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** Walks a node beside its schema, putting each mapping's keys in the schema's order. */
function reorder(node: unknown, schema: z.ZodType | undefined): void {
  const type = unwrap(schema);
  if (isSeq(node)) {
    const element = type instanceof z.ZodArray ? (type.element as z.ZodType) : undefined;
    for (const item of node.items) reorder(item, element);
    return;
  }
  if (!isMap(node)) return;
  if (type instanceof z.ZodRecord) for (const pair of node.items) reorder(pair.value, type.valueType as z.ZodType);
  else if (type instanceof z.ZodDiscriminatedUnion) reorderOrg(node, type.options as unknown as z.ZodObject[]);
  else if (type instanceof z.ZodObject) reorderObject(node, type.shape as Record<string, z.ZodType>, Object.keys(type.shape));
}

function reorderObject(node: YAMLMap, shape: Record<string, z.ZodType | undefined>, order: readonly string[]): void {
  sortPairs(node, order);
  for (const pair of node.items) {
    const key = keyOf(pair);
    reorder(pair.value, key === undefined ? undefined : shape[key]);
  }
}

/** An org: `provider`, its connection keys, the common keys, then invites and grants; an unknown provider gets every API's order. */
function reorderOrg(node: YAMLMap, options: readonly z.ZodObject[]): void {
  const provider = node.items.find((pair) => keyOf(pair) === 'provider')?.value;
  const name = isScalar(provider) ? provider.value : undefined;
  const module = providerModules().find((candidate) => candidate.name === name);
  const option = options.find((candidate) => literalOf(candidate.shape['provider']) === name);
  if (module === undefined || option === undefined) {
    reorderObject(node, orgCommon, mergedOrgOrder(options));
    return;
  }
  const shape = option.shape as Record<string, z.ZodType>;
  sortPairs(node, orgOrder(Object.keys(shape)));
  for (const pair of node.items) {
    const key = keyOf(pair);
    if (key === 'invites') reorderInvites(pair.value, shape['invites'], module);
    else reorder(pair.value, key === undefined ? undefined : shape[key]);
  }
}

/** An invite: `email`, the provider's access key (level / role), then the rest in schema order. */
function reorderInvites(node: unknown, schema: z.ZodType | undefined, module: ProviderModule): void {
  const list = unwrap(schema);
  const element = list instanceof z.ZodArray ? unwrap(list.element as z.ZodType) : undefined;
  if (!isSeq(node) || !(element instanceof z.ZodObject)) return reorder(node, schema);
  const shape = element.shape as Record<string, z.ZodType>;
  const access = module.config.accessField;
  const order = ['email', access, ...Object.keys(shape).filter((key) => key !== 'email' && key !== access)];
  for (const item of node.items) if (isMap(item)) reorderObject(item, shape, order);
}

/** An org schema's keys in canonical order: provider, the connection keys (api_key_env last of them), the common keys, the rest (invites, grants). */
export function orgOrder(keys: readonly string[]): string[] {
  const common = Object.keys(orgCommon);
  const firstCommon = keys.findIndex((key) => common.includes(key));
  const head = firstCommon < 0 ? keys : keys.slice(0, firstCommon);
  const connection = head.filter((key) => key !== 'provider' && key !== 'api_key_env');
  return ['provider', ...connection, 'api_key_env', ...common, ...keys.filter((key) => !head.includes(key) && !common.includes(key))];
}

/** Every API's org keys in one order, for an org whose provider is missing or unknown. */
function mergedOrgOrder(options: readonly z.ZodObject[]): string[] {
  const orders = options.map((option) => orgOrder(Object.keys(option.shape)));
  const common = Object.keys(orgCommon);
  const connection = [...new Set(orders.flatMap((order) => order.slice(1, order.indexOf('api_key_env'))))];
  const tail = [...new Set(orders.flatMap((order) => order.slice(order.indexOf('api_key_env') + 1 + common.length)))];
  return ['provider', ...connection, 'api_key_env', ...common, ...tail];
}

/** Sorts a mapping's pairs by `order` (stable; unknown keys last, in their order); a comment above the first pair stays on top. */
function sortPairs(node: YAMLMap, order: readonly string[]): void {
  const rank = (pair: Pair): number => {
    const index = order.indexOf(keyOf(pair) ?? '');
    return index < 0 ? order.length : index;
  };
  const first = node.items[0];
  node.items = node.items.map((pair, index) => ({ pair, index })).sort((a, b) => rank(a.pair) - rank(b.pair) || a.index - b.index).map(({ pair }) => pair);
  const now = node.items[0];
  if (first && now && first !== now && isScalar(first.key) && isScalar(now.key) && first.key.commentBefore) {
    now.key.commentBefore = now.key.commentBefore ? `${first.key.commentBefore}\n${now.key.commentBefore}` : first.key.commentBefore;
    first.key.commentBefore = undefined;
    [now.key.spaceBefore, first.key.spaceBefore] = [first.key.spaceBefore, now.key.spaceBefore];
  }
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function literalOf(schema: unknown): unknown {
  return schema instanceof z.ZodLiteral ? schema.value : undefined;
}
