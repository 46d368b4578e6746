// A fast reader for the plain block subset of YAML that configs are written in; anything else is left to the yaml library.

/** Deeper than this (well under the full parser's limit), the full parser decides, with its positioned error. */
const MAX_FAST_DEPTH = 32;

/** Characters that make a text anything but plain block YAML of one line per value. */
// Also whitespace YAML does not count as such (no-break and other Unicode spaces) but String#trim would strip.
const OUTSIDE_SUBSET = /[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const PLAIN_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_.$@/+-]*$/;
/** First characters that start something other than a plain scalar (flow, anchor, tag, block scalar, …). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>%@`]/;

/** Thrown (and caught below) when the text leaves the subset: the yaml library decides then. */
export class OutsideSubset extends Error {}

/**
 * Reads a one-line flow collection (`[a, "b"]`, `{ max_deletes: 5 }`, a trailing comment allowed)
 * with the yaml library, throwing OutsideSubset for anything it reports or that could refer
 * outside the line (anchors, aliases, tags).
 */
export type FlowReader = (text: string) => unknown;

interface Line {
  indent: number;
  /** The content after the indentation, comments not yet removed. */
  text: string;
}

/**
 * The value of `text` when it is plain block YAML (block mappings and sequences, one-line plain or
 * simply quoted scalars, comments); undefined for anything else, including every error. When it
 * returns a value, that value equals what the yaml library's `toJS` gives for the same text.
 */
export function readPlainBlockYaml(text: string, readFlow?: FlowReader): unknown {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const indent = raw.length - raw.trimStart().length;
    const content = raw.slice(indent);
    if (content === '' || content.startsWith('#')) continue;
    if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) return undefined;
    lines.push({ indent, text: content.trimEnd() });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new Reader(lines, readFlow);
    const value = reader.mapping(0, 0, undefined);
    return reader.at === lines.length ? value : undefined;
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class Reader {
  at = 0;
  private readonly lines: readonly Line[];
  private readonly readFlow: FlowReader | undefined;
  constructor(lines: readonly Line[], readFlow: FlowReader | undefined) {
    this.lines = lines;
    this.readFlow = readFlow;
  }

  /** A block mapping whose keys sit at `indent`; `first` is an entry already cut from a `- ` line. */
  mapping(indent: number, depth: number, first: string | undefined): Record<string, unknown> {
    if (depth > MAX_FAST_DEPTH) throw new OutsideSubset();
    const result: Record<string, unknown> = {};
    let entry = first;
    for (;;) {
      if (entry === undefined) {
        const line = this.lines[this.at];
        if (!line || line.indent < indent) return result;
        if (line.indent > indent || line.text.startsWith('-')) throw new OutsideSubset();
        entry = line.text;
      }
      this.at++;
      const colon = entry.indexOf(':');
      if (colon <= 0 || (colon + 1 < entry.length && entry[colon + 1] !== ' ')) throw new OutsideSubset();
      const key = entry.slice(0, colon);
      // Only keys that stay strings, are not __proto__, and appear once; the rest is the full parser's job.
      if (!PLAIN_KEY.test(key) || typeof scalar(key) !== 'string' || key === '__proto__' || Object.hasOwn(result, key)) throw new OutsideSubset();
      const raw = entry.slice(colon + 1).trimStart();
      const rest = this.isFlow(raw) ? raw : withoutComment(raw);
      result[key] = rest === '' ? this.nested(indent, depth) : this.inline(rest, indent);
      entry = undefined;
    }
  }

  /** A block sequence whose `-` sit at `indent`. */
  sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_FAST_DEPTH) throw new OutsideSubset();
    const result: unknown[] = [];
    for (;;) {
      const line = this.lines[this.at];
      if (!line || line.indent < indent) return result;
      if (line.indent > indent || !line.text.startsWith('- ')) throw new OutsideSubset();
      const after = line.text.slice(2);
      const itemIndent = indent + 2 + (after.length - after.trimStart().length);
      const raw = after.trimStart();
      const item = this.isFlow(raw) ? raw : withoutComment(raw);
      if (item === '' || item.startsWith('-')) throw new OutsideSubset();
      if (!this.isFlow(item) && isEntry(item)) result.push(this.mapping(itemIndent, depth + 1, item));
      else {
        this.at++;
        result.push(this.inline(item, indent));
      }
    }
  }

  /** The value of a key written with nothing after its colon: a nested block, or null. */
  private nested(indent: number, depth: number): unknown {
    const next = this.lines[this.at];
    if (next && next.indent === indent && next.text.startsWith('- ')) return this.sequence(indent, depth + 1);
    if (!next || next.indent <= indent) return null;
    return next.text.startsWith('- ') ? this.sequence(next.indent, depth + 1) : this.mapping(next.indent, depth + 1, undefined);
  }

  /** A one-line value; a more-indented line after it would continue it, which is left to the full parser. */
  private inline(text: string, indent: number): unknown {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw new OutsideSubset();
    return this.isFlow(text) ? this.readFlow!(text) : scalar(text);
  }

  /** A one-line flow collection, when there is a reader for one (else the full parser decides). */
  private isFlow(text: string): boolean {
    return this.readFlow !== undefined && (text.startsWith('[') || text.startsWith('{'));
  }
}

/** `key: …` or `key:` at the start of a sequence item. */
function isEntry(text: string): boolean {
  const colon = text.indexOf(':');
  return colon > 0 && (colon + 1 === text.length || text[colon + 1] === ' ') && !/^["']/.test(text);
}

/** The text before a ` #` comment, for plain and simply quoted values alike. */
function withoutComment(text: string): string {
  if (text.startsWith('#')) return '';
  if (text.startsWith('"') || text.startsWith("'")) {
    const close = text.indexOf(text[0]!, 1);
    if (close < 0) throw new OutsideSubset();
    const after = text.slice(close + 1).trimStart();
    if (after !== '' && !after.startsWith('#')) throw new OutsideSubset();
    return text.slice(0, close + 1);
  }
  const hash = text.indexOf(' #');
  return (hash < 0 ? text : text.slice(0, hash)).trimEnd();
}

/** A scalar as the YAML 1.2 core schema resolves it (the yaml library's default). */
function scalar(text: string): unknown {
  const first = text[0];
  if (first === '"') {
    const body = text.slice(1, -1);
    if (text.length < 2 || text.at(-1) !== '"' || body.includes('"') || body.includes('\\')) throw new OutsideSubset();
    return body;
  }
  if (first === "'") {
    const body = text.slice(1, -1);
    if (text.length < 2 || text.at(-1) !== "'" || body.includes("'")) throw new OutsideSubset();
    return body;
  }
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (INDICATOR_START.test(text) && !/^-[0-9.]/.test(text)) throw new OutsideSubset();
  // In block context `[]{},` are ordinary inside a plain scalar (`${VAR:-default}`); only `: ` would start a mapping.
  if (/: |:$/.test(text)) throw new OutsideSubset();
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  // Only text starting with a digit, a sign or a dot can be a number in the core schema.
  if (!/^[-+.0-9]/.test(text)) return text;
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) return text.endsWith('nan') || text.endsWith('NaN') || text.endsWith('NAN') ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}
