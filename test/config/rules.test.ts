// The semantic config rules on their own: API origins, duplicate and ignored emails, reserved org names, one remote org twice.
import { describe, expect, it } from 'vitest';
import { originProblem, problemsFromRules } from '../../src/config/rules.ts';
import { parseYaml } from '../../src/yaml.ts';
import '../../src/providers/registry.ts';

const HTTPS_ONLY = 'must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])';

describe('originProblem', () => {
  it.each<[string, string | undefined]>([
    ['https://api.example.com', undefined],
    ['https://api.example.com/', undefined],
    ['https://api.example.com:8443', undefined],
    ['http://127.0.0.1:8710', undefined],
    ['http://localhost', undefined],
    ['http://[::1]:80', undefined],
    ['http://127.0.0.2', HTTPS_ONLY],
    ['http://api.example.com', HTTPS_ONLY],
    ['http://localhost.example.com', HTTPS_ONLY],
    ['https://api.example.com ', 'must not contain spaces or control characters'],
    [' https://api.example.com', 'must not contain spaces or control characters'],
    ['https://api.example.com\t', 'must not contain spaces or control characters'],
    ['https://api.example.com\u007f', 'must not contain spaces or control characters'],
    ['https://api.example.com\u0000', 'must not contain spaces or control characters'],
    ['api.example.com', 'not a URL: expected an origin such as https://api.example.com'],
    ['https://user@api.example.com', 'must not contain credentials; keys come from api_key_env'],
    ['https://:secret@api.example.com', 'must not contain credentials; keys come from api_key_env'],
    ['ftp://api.example.com', 'must use https://, not ftp://'],
    ['https://api.example.com/v1', 'must be an origin only (scheme, host, port), e.g. https://api.example.com'],
    ['https://api.example.com/?a=1', 'must be an origin only (scheme, host, port), e.g. https://api.example.com'],
    ['https://api.example.com/#top', 'must be an origin only (scheme, host, port), e.g. https://api.example.com'],
    ['http://127.0.0.1/v1', 'must be an origin only (scheme, host, port), e.g. http://127.0.0.1'],
  ])('%j: %s', (value, problem) => {
    expect(originProblem(value)).toBe(problem);
  });
});

/** Every rule problem of a config text, as `line:col: path: message`. */
function problemsOf(text: string): string[] {
  const { file } = parseYaml(text);
  if (!file) throw new Error('unreadable YAML');
  return problemsFromRules('invites.yaml', file).map((p) => `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}`);
}

const ORG = (name: string, body: string) => `  ${name}:\n    provider: posthog\n    host: https://us.posthog.com\n    organization_id: "${name}-id"\n${body}`;
const INVITES = (...emails: string[]) => `    invites:\n${emails.map((email) => `      - email: ${email}\n`).join('')}`;

describe('problemsFromRules', () => {
  it('finds nothing in a clean config, nor in a document that is not a config', () => {
    expect(problemsOf(`orgs:\n${ORG('acme', INVITES('a@acme.com', 'b@acme.com'))}`)).toEqual([]);
    expect(problemsOf('orgs: [1, 2]\n')).toEqual([]);
    expect(problemsOf('- 1\n')).toEqual([]);
    expect(problemsOf('~\n')).toEqual([]);
    expect(problemsOf('orgs: ~\n')).toEqual([]);
    // An org without ignore ignores nothing, whatever its invites say.
    expect(problemsOf(`orgs:\n${ORG('acme', INVITES('"Stryker was here"'))}`)).toEqual([]);
    expect(problemsOf(`orgs:\n${ORG('acme', '    invites: {}\n')}`)).toEqual([]);
    expect(problemsOf('orgs:\n  acme: [1]\n  beta: null\n')).toEqual([]);
  });

  it('names the second of two invites for one email, however cased or padded', () => {
    expect(problemsOf(`orgs:\n${ORG('acme', INVITES('a@acme.com', 'x@acme.com', '" A@Acme.com "'))}`)).toEqual([
      'invites.yaml:9:16: orgs.acme.invites[2].email: duplicate email a@acme.com (already listed at invites[0])',
    ]);
  });

  it('names an invite its org ignores, trimmed and lower-cased, and skips invites that are not records with an email', () => {
    const body = `    ignore: ["zed@*", 7]\n    invites:\n      - email: " Zed@Contractors.acme.com"\n      - 3\n      - email: 4\n      - email: ok@acme.com\n`;
    expect(problemsOf(`orgs:\n${ORG('acme', body)}`)).toEqual([
      "invites.yaml:8:16: orgs.acme.invites[0].email: zed@contractors.acme.com matches this org's ignore patterns, so it can be neither invited nor revoked",
    ]);
    expect(problemsOf(`orgs:\n${ORG('acme', `    ignore: "*"\n${INVITES('a@acme.com')}`)}`)).toEqual([]);
  });

  it('refuses http:// to a non-loopback host, and leaves alone empty values, unresolved references and non-strings', () => {
    const org = (host: string) => `orgs:\n  acme:\n    provider: posthog\n    host: ${host}\n    organization_id: x\n`;
    expect(problemsOf(org('http://posthog.example.com'))).toEqual([`invites.yaml:4:11: orgs.acme.host: ${HTTPS_ONLY}`]);
    expect(problemsOf(org('""'))).toEqual([]);
    expect(problemsOf(org('"http://${HOST}"'))).toEqual([]);
    expect(problemsOf(org('7'))).toEqual([]);
  });

  it('refuses org names a plain object already answers to', () => {
    expect(problemsOf(`orgs:\n  toString:\n    provider: posthog\n  fine: {}\n`)).toEqual([
      'invites.yaml:2:3: orgs.toString: org name toString is reserved (a JavaScript object property); choose another name',
    ]);
  });

  it('refuses a second org on the same remote org, naming where the first is', () => {
    const [first, second] = [ORG('acme', ''), ORG('again', '').replace('again-id', 'acme-id')];
    expect(problemsOf(`orgs:\n${first}${second}`)).toEqual([
      'invites.yaml:9:22: orgs.again.organization_id: the same PostHog host and organization_id as org acme (invites.yaml:5:22); two config orgs on one remote org would revoke each other\'s invites',
    ]);
    expect(problemsOf(`orgs:\n${first}${ORG('other', '')}`)).toEqual([]);
    // A different host is a different remote org; an invalid or unresolved one is not compared.
    expect(problemsOf(`orgs:\n${first}${second.replace('https://us.posthog.com', 'https://eu.posthog.com')}`)).toEqual([]);
    expect(problemsOf(`orgs:\n${first}${second.replace('https://us.posthog.com', '"https://${H}"')}`)).toEqual([]);
    expect(problemsOf(`orgs:\n${first}${second.replace('provider: posthog', 'provider: nosuch')}`)).toEqual([]);
    // Origins that are refused are not compared: each is reported once, as refused.
    const ftp = (text: string) => text.replace('https://us.posthog.com', 'ftp://us.posthog.com');
    expect(problemsOf(`orgs:\n${ftp(first)}${ftp(second)}`)).toEqual([
      'invites.yaml:4:11: orgs.acme.host: must use https://, not ftp://',
      'invites.yaml:8:11: orgs.again.host: must use https://, not ftp://',
    ]);
  });
});
