// Parsing YAML: bounded depth and aliases, positions for messages, a fast path for plain block YAML.
import { excerpt, quoted } from './config/excerpt.ts';
import { OutsideSubset, readPlainBlockYaml } from './config/plain-yaml.ts';
import { Composer, Document, isAlias, isCollection, isNode, isScalar, LineCounter, parseDocument, Parser, stringify, visit, YAMLParseError, type CST, type Node } from 'yaml';

/** Aliases a document may expand; a "billion laughs" file trips this at once. */
const MAX_ALIAS_COUNT = 100;

/** Collections (block or flow) nested deeper than this are refused before composing, not by a stack overflow. */
export const MAX_DEPTH = 64;

export { decodeYamlBytes, MAX_FILE_BYTES, readYamlFile } from './text-file.ts';

/** A 1-based position in a text file. */
export interface Position {
  line: number;
  col: number;
}

/** A problem found while reading a YAML file, with the place it points at. */
export interface YamlProblem extends Position {
  message: string;
}

/** A parsed YAML document: the plain value plus a way back from a path to its position. */
export interface YamlFile {
  value: unknown;
  /** Where the value at `path` starts (or the nearest parent that exists). */
  positionOf(path: readonly PropertyKey[], part?: 'key' | 'value'): Position;
}

/**
 * The outcome of reading YAML text: every problem found, and the document when it could be
 * read at all (duplicate keys are reported but do not stop the rest of the checks).
 */
export interface YamlResult {
  file?: YamlFile;
  problems: YamlProblem[];
}

/**
 * Parses YAML text with positions, rejecting duplicate keys, deep nesting, `__proto__` keys and
 * alias bombs. One lex and parse: nesting is measured on the parser's own tokens before the
 * (recursive) composer sees them. Never throws for bad input: every problem has a line and column.
 */
export function parseYaml(text: string): YamlResult {
  // Most configs are plain block YAML: read those directly, and pay for the positioned parse only
  // when a problem needs a position (the full parse gives the same value, so paths agree).
  const plain = readPlainBlockYaml(text, readFlowLine);
  if (plain !== undefined) {
    let full: YamlFile | undefined;
    return { file: { value: plain, positionOf: (path, part) => (full ??= parseFullYaml(text).file)?.positionOf(path, part) ?? { line: 1, col: 1 } }, problems: [] };
  }
  return parseFullYaml(text);
}

/** Brackets opened on one fast-path line before the full parser (with its positioned depth check) decides. */
const MAX_FLOW_LINE_DEPTH = 8;

/**
 * One flow collection on one line, read by the yaml library alone. Anything that could depend on
 * the rest of the file or differ from the full parse (an anchor, alias or tag; a collection used
 * as a key; a flow collection that is itself a key, `[x]: c`; an error or warning) leaves the fast
 * path with OutsideSubset, so the full parser decides with positions.
 */
export function readFlowLine(text: string): unknown {
  if (text.includes('\\') || text.includes('__proto__')) throw new OutsideSubset();
  let depth = 0;
  for (const char of text) {
    if (char === '[' || char === '{') depth++;
    if (depth > MAX_FLOW_LINE_DEPTH) throw new OutsideSubset();
  }
  const doc = parseDocument(text, { uniqueKeys: true, merge: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isCollection(doc.contents) || !doc.contents.flow) throw new OutsideSubset();
  let odd = false;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node) || node.tag !== undefined || ('anchor' in node && node.anchor !== undefined)) odd = true;
    },
    Pair(_, pair) {
      if (!isScalar(pair.key)) odd = true;
    },
  });
  if (odd) throw new OutsideSubset();
  try {
    return doc.toJS({ maxAliasCount: 0 }) as unknown;
  } catch {
    throw new OutsideSubset();
  }
}

/** The yaml library's parse, with positions, for any YAML at all. */
function parseFullYaml(text: string): YamlResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const parser = new Parser(lineCounter.addNewLine);
  let tooDeep: number | undefined;
  let suspectKeys = false;
  function* checked(): Generator<CST.Token> {
    for (const token of parser.parse(text)) {
      const shape = shapeOf(token);
      suspectKeys ||= shape.suspectKeys;
      if (shape.tooDeepAt !== undefined) {
        tooDeep = shape.tooDeepAt;
        return;
      }
      yield token;
    }
  }
  let doc: Document.Parsed | undefined;
  for (const composed of new Composer({ uniqueKeys: true, merge: false }).compose(checked(), true, text.length)) {
    if (!doc) doc = composed;
    else {
      doc.errors.push(new YAMLParseError(composed.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  if (tooDeep !== undefined) return { problems: [{ ...at(tooDeep), message: `nested deeper than ${MAX_DEPTH} levels` }] };
  if (!doc) return { problems: [{ line: 1, col: 1, message: 'empty document' }] };
  const parsed = doc;
  const problems: YamlProblem[] = parsed.errors.map((error) => ({
    ...at(error.pos[0]),
    message: error.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, error.pos[0]) : yamlMessage(error.message),
  }));
  if (parsed.errors.some((error) => error.code !== 'DUPLICATE_KEY')) return { problems };
  if (suspectKeys) problems.push(...keyProblems(parsed, at));
  if (problems.length > parsed.errors.length) return { problems };
  try {
    const value: unknown = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { file: { value, positionOf: (path, part) => positionIn(parsed, lineCounter, path, part ?? 'value') }, problems };
  } catch (error) {
    // The yaml library throws a ReferenceError when alias expansion exceeds maxAliasCount.
    const message = error instanceof Error ? error.message : String(error);
    const tooMany = /alias/i.test(message);
    const problem = tooMany ? `too many aliases (more than ${MAX_ALIAS_COUNT} expansions); refusing to expand` : excerpt(message, 200);
    return { problems: [...problems, { line: 1, col: 1, message: problem }] };
  }
}

/**
 * Keys a plain object cannot hold faithfully: a mapping or list (it has no name to report) and
 * `__proto__` (assigning it replaces the prototype, so the entry would silently vanish).
 */
function keyProblems(doc: Document.Parsed, at: (offset: number) => Position): YamlProblem[] {
  const problems: YamlProblem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const offset = isNode(key) ? (key.range?.[0] ?? 0) : 0;
      if (isCollection(key)) problems.push({ ...at(offset), message: 'a key must be a plain value, not a mapping or a list' });
      else if (keyText(doc, key) === '__proto__') problems.push({ ...at(offset), message: '"__proto__" cannot be a key (JavaScript objects reserve it)' });
    },
  });
  return problems;
}

function keyText(doc: Document.Parsed, key: unknown): unknown {
  if (isAlias(key)) return keyText(doc, key.resolve(doc));
  return isScalar(key) ? key.value : undefined;
}

/**
 * How deep a parser token nests (block and flow collections alike, walked without recursion) and
 * whether any key needs a closer look: the offset of the first collection past MAX_DEPTH, if any.
 */
function shapeOf(root: CST.Token): { tooDeepAt?: number; suspectKeys: boolean } {
  let suspectKeys = false;
  const stack: Array<{ token: CST.Token; depth: number }> = [{ token: root, depth: 0 }];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inner = depth + 1;
    if (inner > MAX_DEPTH) return { tooDeepAt: token.type === 'flow-collection' ? token.start.offset : token.offset, suspectKeys };
    // Pushed last to first, so the first offending collection in the file is the one reported.
    for (let index = token.items.length - 1; index >= 0; index--) {
      const item = token.items[index]!;
      if (item.value) stack.push({ token: item.value, depth: inner });
      if (item.key) {
        suspectKeys ||= isSuspectKey(item.key);
        stack.push({ token: item.key, depth: inner });
      }
    }
  }
  return { suspectKeys };
}

/** A key whose text could be (or resolve to) a collection or `__proto__`: checked on the document. */
function isSuspectKey(key: CST.Token): boolean {
  if (key.type === 'scalar' || key.type === 'single-quoted-scalar') return key.source.includes('__proto__');
  if (key.type === 'double-quoted-scalar') return key.source.includes('__proto__') || key.source.includes('\\');
  return true;
}

/** Serialises a value as YAML (used by `import` and the demo). */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

function positionIn(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], part: 'key' | 'value'): Position {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth), depth === path.length ? part : 'value');
    if (node?.range) return lineCounter.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

function nodeAt(doc: Document, path: readonly PropertyKey[], part: 'key' | 'value'): Node | undefined {
  if (path.length === 0) return isNode(doc.contents) ? doc.contents : undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  const last = path[path.length - 1];
  if (!isNode(parent) || !('items' in parent) || !Array.isArray(parent.items)) return undefined;
  if (typeof last === 'number') {
    const item: unknown = parent.items[last];
    return isNode(item) ? item : undefined;
  }
  for (const pair of parent.items as unknown[]) {
    if (pair && typeof pair === 'object' && 'key' in pair && 'value' in pair) {
      const key = (pair as { key: unknown }).key;
      const keyValue = isNode(key) && 'value' in key ? (key as { value: unknown }).value : key;
      if (String(keyValue) === String(last)) {
        const target = part === 'key' ? key : (pair as { value: unknown }).value;
        return isNode(target) ? target : isNode(key) ? key : undefined;
      }
    }
  }
  return undefined;
}

function duplicateKeyMessage(text: string, offset: number): string {
  const key = /^[^:\n]*/.exec(text.slice(offset, offset + 1024))?.[0]?.trim().replace(/^["']|["']$/g, '');
  return key ? `duplicate key ${quoted(key)}: each key (and each org name) may appear only once` : 'duplicate key';
}

function yamlMessage(message: string): string {
  // The library's messages end with "at line N, column M" plus a code frame; we print our own position.
  // Some messages quote the source (an alias or tag name): bound and mask it like any excerpt.
  return excerpt(message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim(), 200);
}
