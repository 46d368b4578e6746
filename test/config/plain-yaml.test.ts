// The fast plain-block reader either declines or gives exactly what the yaml library gives.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readPlainBlockYaml } from '../../src/config/plain-yaml.ts';
import { parseYaml, readFlowLine } from '../../src/yaml.ts';
import { VALID_CONFIG } from '../reliability/config-mutations.ts';

const FIXTURES = new URL('../fixtures/config/', import.meta.url);

/** The reference: what the full parser makes of `text`, or undefined when it reports any error. */
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, merge: false });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
}

function expectAgrees(text: string): boolean {
  const fast = readPlainBlockYaml(text, readFlowLine);
  if (fast === undefined) return false;
  expect(fast, text).toStrictEqual(reference(text));
  return true;
}

const commonScalars = fc.constantFrom('${INVITECTL_POSTHOG_URL}', '${HOST:-https://us.posthog.com}', 'a{b}', 'x]', 'a, b', '["*@contractors.acme.com"]', '[a, b] # note', '{ max_deletes: 5 }', '[a, [b, {c: d}]]', '[]', '{}', '[a, a]', '{a: 1, a: 2}', '["x", 1, true, null]', 'alice@acme.com', 'member', 'true', 'False', 'null', '~', '', '0', '-0', '+5', '007', '0x1F', '1.', '.5', '1e3', '-.Inf', '.nan', '2026-12-31', "'single'", '"a # b"', 'a #c', 'a#b', 'a:b', '-1', "O'Brien", 'héllo', '12345678901234567890');
const trickyScalars = fc.constantFrom(
  'alice@acme.com', 'member', 'true', 'False', 'TRUE', 'yes', 'no', 'null', 'Null', '~', '', '0', '-0', '+5', '007', '0o17', '0o8', '0x1F',
  '0X1F', '1_000', '1.', '.5', '-.5', '1e3', '1E-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', '2026-12-31', '"quoted # not a comment"',
  "'single'", "'it''s'", '"esc\\n"', '"a"b"', 'a #comment', 'a#b', 'a: b', 'a:b', 'a:', ':a', '-a', '- a', '-1', '?a', '? a', '&anchor x', '*alias',
  '!tag x', '|', '>', '[a, b]', '{a: 1}', 'a, b', "O'Brien", 'x "y"', '%x', '@x', '`x', '#x', '__proto__', 'héllo', '9007199254740993', '12345678901234567890',
  '0190a4f2-7c11-7000-8000-2f4c1d0a5e33', 'https://us.posthog.com', '${HOST:-https://x}',
);
const scalars = fc.oneof({ arbitrary: commonScalars, weight: 6 }, { arbitrary: trickyScalars, weight: 1 });
const keys = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'c', 'email', 'level', '$schema', 'org.name', 'a-b', 'x@y', 'k1', 'k2', 'k3'), weight: 8 },
  { arbitrary: fc.constantFrom('true', '1', 'null', '__proto__', 'a b', '"q"', 'a:b'), weight: 1 },
);

type Tree = string | { map: Array<[string, Tree]> } | { seq: Tree[] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalars,
    fc.record({ map: fc.array(fc.tuple(keys, tie('node')), { minLength: 1, maxLength: 4 }) }),
    fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  ),
})).node;

/** Writes a tree as block YAML, with a choice of sequence indentation and comments. */
function render(node: Tree, indent: number, compactSeq: boolean, comment: boolean): string[] {
  const pad = ' '.repeat(indent);
  if (typeof node === 'string') return [`${pad}${node}`];
  if ('map' in node) {
    return node.map.flatMap(([key, value]) => {
      if (typeof value === 'string') return [`${pad}${key}: ${value}${comment ? ' # note' : ''}`];
      const childIndent = 'seq' in value && compactSeq ? indent : indent + 2;
      return [`${pad}${key}:`, ...(comment ? [`${pad}  # between`] : []), ...render(value, childIndent, compactSeq, comment)];
    });
  }
  return node.seq.flatMap((item) => {
    if (typeof item === 'string') return [`${pad}- ${item}`];
    const inner = render(item, indent + 2, compactSeq, comment);
    return [`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
  });
}

describe('plain block YAML reader', () => {
  it('agrees with the yaml library on every config fixture it accepts', () => {
    const texts = readdirSync(FIXTURES).map((name) => readFileSync(new URL(name, FIXTURES), 'utf8'));
    texts.push(VALID_CONFIG, readFileSync(new URL('../../invites.example.yaml', import.meta.url), 'utf8'));
    const accepted = texts.filter((text) => expectAgrees(text)).length;
    expect(accepted).toBeGreaterThan(20);
  });

  it('agrees with the yaml library on generated documents, or declines them', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.record({ map: fc.array(fc.tuple(keys, tree), { minLength: 1, maxLength: 5 }) }), fc.boolean(), fc.boolean(), (root, compact, comment) => {
        if (expectAgrees(`${render(root, 0, compact, comment).join('\n')}\n`)) accepted++;
      }),
      { numRuns: 3000, seed: 20261201 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it.each([
    ["an alias inside a flow line, hidden by a quote in a plain scalar", "a:\n  ignore: [p', &x b, *x, q']\n"],
    ['a flow collection used as a key', 'a: [x]: c\n'],
    ['a flow mapping used as a key', 'a: {x: 1}: 2\n'],
    ['a collection key inside a flow mapping', 'a: {[x]: 1}\n'],
    ['a tag on a flow line', 'a: !!str [x]\n'],
    ['a no-break space in the indentation', 'a:\n \u00a0b: 1\n'],
    ['a no-break space after a value', 'a: b\u00a0\n'],
    ['an ideographic space before a value', 'a: \u3000b\n'],
    ['a line of only a no-break space', 'a: 1\n \u00a0\nb: 2\n'],
  ])('never differs from the full parse, nor throws: %s', (_name, text) => {
    expectAgrees(text);
    expect(() => parseYaml(text)).not.toThrow();
  });

  it('declines what it does not read, so the full parser reports it with a position', () => {
    for (const text of ['a: 1\na: 2\n', 'a: &x 1\nb: *x\n', 'a: [1, 2]\n', 'a: |\n  text\n', 'a: b\n  c\n', '- a\n', '---\na: 1\n', 'a:\n\tb: 1\n', '"a": 1\n', 'a: "x\\ty"\n']) {
      expect(readPlainBlockYaml(text), text).toBeUndefined();
    }
  });
});
