import fc from 'fast-check';
import { parse, stringify } from 'yaml';

/** A valid config naming both APIs, pointed at the sandbox through the env (as the example file is). */
export const VALID_CONFIG = `version: 1
safety:
  max_deletes: 5
  max_delete_ratio: 0.25
orgs:
  analytics:
    provider: posthog
    host: \${INVITECTL_POSTHOG_URL:-https://us.posthog.com}
    organization_id: 0190a4f2-7c11-7000-8000-2f4c1d0a5e33
    prune: true
    ignore: ["*@contractors.acme.com"]
    invites:
      - email: alice@acme.com
        first_name: Alice
        level: admin
        message: Welcome
      - email: bob@acme.com
        until: 2027-12-31
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL:-https://api.anthropic.com}
    reinvite_expired: false
    invites:
      - email: carol@acme.com
        role: developer
      - email: erin@acme.com
`;

/** One generated file: its bytes and the mutation that made it, for the failure message. */
export interface MutatedFile {
  kind: string;
  bytes: Uint8Array;
}

type Path = (string | number)[];

/** Every path to a value inside `value` (the root included). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function setAt(root: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = next;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
  else delete parent[path.at(-1)!];
  return copy;
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const base = parse(VALID_CONFIG) as unknown;
const allPaths = pathsOf(base);
const keyedPaths = allPaths.filter((path) => path.length > 0);
const valueAt = (path: Path): unknown => path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], base);
const mappingPaths = allPaths.filter((path) => {
  const value = valueAt(path);
  return value !== null && typeof value === 'object' && !Array.isArray(value);
});

/** Values of every JSON/YAML type, to put where another type belongs. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.constantFrom('', ' ', 'yes', 'no', '0x1F', '1e400', '-.inf', '.nan', '2027-02-30', '@current', 'admin'),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
);

const badEmail = fc.oneof(
  fc.constantFrom('', 'alice', 'alice@', '@acme.com', 'a b@acme.com', 'alice@@acme.com', 'alice@acme', 'alice@acme..com', '<alice@acme.com>', 'alice@acme.com\n', 'ａ@acme.com'),
  fc.string({ maxLength: 20 }).filter((s) => !/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(s)),
);

const badUrl = fc.constantFrom(
  'ftp://us.posthog.com',
  'http://us.posthog.com',
  'https://us.posthog.com/api',
  'https://user:pass@us.posthog.com',
  'us.posthog.com',
  'https://',
  '//us.posthog.com',
  'https://us.posthog.com?x=1',
  'https://us.posthog.com#frag',
  '${UNSET_INVITECTL_FUZZ_VAR}',
  '${INVITECTL_POSTHOG_URL',
  'javascript:alert(1)',
  'http://127.0.0.2',
  'https://[::1',
);

/** A mutated document, before it is written out as YAML. */
interface Mutation {
  kind: string;
  value: unknown;
}

const structural: fc.Arbitrary<MutatedFile> = fc.oneof<fc.Arbitrary<Mutation>[]>(
  fc.record({ path: fc.constantFrom(...keyedPaths), value: anyValue }).map(({ path, value }) => ({ kind: `wrong type at ${path.join('.')}`, value: setAt(base, path, value) })),
  fc
    .record({ path: fc.constantFrom(...mappingPaths), key: fc.string({ minLength: 1, maxLength: 12 }), value: anyValue })
    .filter(({ path, key }) => !Object.hasOwn(valueAt(path) as object, key))
    // Under orgs every key is an org name: an unknown key there is an org without a provider.
    .map(({ path, key, value }) => ({ kind: `unknown key ${JSON.stringify(key)} at ${path.join('.') || '(top)'}`, value: setAt(base, [...path, key], value) })),
  fc.record({ org: fc.constantFrom('analytics', 'claude'), index: fc.nat(1), email: badEmail }).map(({ org, index, email }) => ({
    kind: `bad email ${JSON.stringify(email)}`,
    value: setAt(base, ['orgs', org, 'invites', index, 'email'], email),
  })),
  badUrl.chain((url) =>
    fc.constantFrom<Path>(['orgs', 'analytics', 'host'], ['orgs', 'claude', 'base_url']).map((path) => ({ kind: `bad url ${url}`, value: setAt(base, path, url) })),
  ),
  fc
    .constantFrom<Path>(['version'], ['orgs'], ['orgs', 'analytics', 'provider'], ['orgs', 'analytics', 'host'], ['orgs', 'analytics', 'organization_id'], ['orgs', 'claude', 'provider'], ['orgs', 'claude', 'invites', 0, 'email'])
    .map((path) => ({ kind: `missing ${path.join('.')}`, value: deleteAt(base, path) })),
).map(({ kind, value }): MutatedFile => ({ kind, bytes: text(stringify(value, { lineWidth: 0 })) }));

const yamlNoise = fc.constantFrom(': ', '- ', '{', '}', '[', ']', '"', "'", '&a ', '*a', '*missing', '!!binary ', '!!js/function ', '\t', '---\n', '...\n', '%YAML 1.1\n', '? ', '|', '>', '#', '\n  - ', '\u0000', '\uFEFF', '@', '`', '<<: *a\n');

const textual: fc.Arbitrary<MutatedFile> = fc.oneof<fc.Arbitrary<MutatedFile>[]>(
  fc.nat(VALID_CONFIG.length - 1).map((at) => ({ kind: `truncated at ${at}`, bytes: text(VALID_CONFIG.slice(0, at)) })),
  fc.record({ at: fc.nat(VALID_CONFIG.length), noise: fc.array(yamlNoise, { minLength: 1, maxLength: 4 }) }).map(({ at, noise }) => ({
    kind: `yaml noise ${JSON.stringify(noise.join(''))} at ${at}`,
    bytes: text(VALID_CONFIG.slice(0, at) + noise.join('') + VALID_CONFIG.slice(at)),
  })),
  fc.record({ at: fc.nat(VALID_CONFIG.length), junk: fc.uint8Array({ minLength: 1, maxLength: 16 }) }).map(({ at, junk }) => {
    const original = text(VALID_CONFIG);
    return { kind: `random bytes at ${at}`, bytes: new Uint8Array([...original.subarray(0, at), ...junk, ...original.subarray(at)]) };
  }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'random file', bytes })),
  fc.record({ depth: fc.integer({ min: 1, max: 3000 }), open: fc.constantFrom('[', '{a: ', '- ') }).map(({ depth, open }) => {
    const close = open === '[' ? ']' : open === '{a: ' ? '}' : '';
    const nested = open === '- ' ? Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- `).join('\n') + 'x' : open.repeat(depth) + '1' + close.repeat(depth);
    return { kind: `nesting ${open.trim()} × ${depth}`, bytes: text(`version: 1\norgs:\n  deep:\n    provider: posthog\n    invites: ${open === '- ' ? '\n' : ''}${nested}\n`) };
  }),
  fc.integer({ min: 1, max: 12 }).map((levels) => {
    // A "billion laughs": each level holds ten aliases of the one before.
    const lines = ['a0: &a0 "lol"'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    return { kind: `alias bomb ${levels}`, bytes: text(`${lines.join('\n')}\nversion: 1\norgs: {}\n`) };
  }),
  fc.constantFrom(
    { kind: 'alias to an undefined anchor', bytes: text('version: 1\norgs: *nowhere\n') },
    { kind: 'recursive alias', bytes: text('version: 1\norgs: &o\n  x: *o\n') },
    { kind: 'merge key', bytes: text('base: &b {provider: posthog}\nversion: 1\norgs:\n  a:\n    <<: *b\n') },
    { kind: 'duplicate org', bytes: text(VALID_CONFIG.replace('  claude:', '  analytics:')) },
    { kind: 'duplicate key', bytes: text(VALID_CONFIG.replace('version: 1\n', 'version: 1\nversion: 1\n')) },
    { kind: 'empty file', bytes: text('') },
    { kind: 'only a comment', bytes: text('# nothing\n') },
    { kind: 'a scalar', bytes: text('42\n') },
    { kind: 'a list', bytes: text('- version: 1\n') },
    { kind: 'two documents', bytes: text(`${VALID_CONFIG}---\n${VALID_CONFIG}`) },
    { kind: 'UTF-16', bytes: new Uint8Array([0xff, 0xfe, ...text('v\0e\0r\0')]) },
    { kind: 'CRLF truncated', bytes: text(VALID_CONFIG.replaceAll('\n', '\r\n').slice(0, 200)) },
  ),
);

/** Mutations of a valid config: structural (wrong types, unknown keys, bad emails and URLs, missing keys) and textual. */
export const mutatedConfig: fc.Arbitrary<MutatedFile> = fc.oneof({ arbitrary: structural, weight: 1 }, { arbitrary: textual, weight: 1 });
