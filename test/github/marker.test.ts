import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planCommentBody } from '../../src/github/comment.ts';
import { nextPage } from '../../src/github/comments.ts';
import { extractFingerprint, formatPlanMarker, parsePlanMarker } from '../../src/github/marker.ts';
import { parseYaml } from '../../src/yaml.ts';
import { FINGERPRINT, fullPlan, inputOf } from '../render/fixtures.ts';

const body = (config = 'invites.yaml') => planCommentBody(inputOf(fullPlan()), { config, redactEmails: false, runUrl: undefined });

describe('plan comment marker', () => {
  it('round-trips the config and fingerprint through the hidden first line', () => {
    const marker = formatPlanMarker({ config: 'teams/a b-->.yaml', fingerprint: FINGERPRINT });
    expect(marker).toBe(`<!-- invitectl-plan config=teams/a%20b--%3E.yaml fingerprint=${FINGERPRINT} -->`);
    expect(parsePlanMarker(`${marker}\nrest`)).toEqual({ config: 'teams/a b-->.yaml', fingerprint: FINGERPRINT });
    expect(() => formatPlanMarker({ config: 'x', fingerprint: 'sha256:short' })).toThrow(/not a plan fingerprint/);
  });

  it('extracts the fingerprint from a plan comment, for the config asked about, and from nothing else', () => {
    expect(extractFingerprint(body())).toBe(FINGERPRINT);
    expect(extractFingerprint(body(), 'invites.yaml')).toBe(FINGERPRINT);
    expect(extractFingerprint(body(), 'other.yaml')).toBeUndefined();
    expect(extractFingerprint(`Fingerprint: \`${FINGERPRINT}\``)).toBeUndefined();
    // Only the first line counts: a plan quoted further down a comment is not a plan comment.
    expect(extractFingerprint(`> quoting\n${body()}`)).toBeUndefined();
  });

  it('matches the pattern the apply workflow uses to read the fingerprint back (gh --jq capture)', () => {
    const workflow = parseYaml(readFileSync(new URL('../../examples/workflows/invitectl-apply.yml', import.meta.url), 'utf8')).file?.value as {
      jobs: { apply: { steps: { id?: string; run?: string }[] } };
    };
    const script = workflow.jobs.apply.steps.find((step) => step.id === 'guard')?.run ?? '';
    // The jq string literal inside the shell's single quotes: `capture("…")`, with jq's own \\ escapes.
    const literal = /capture\("((?:[^"\\]|\\.)*)"\)/.exec(script)?.[1];
    expect(literal).toBeDefined();
    const pattern = new RegExp(JSON.parse(`"${literal}"`) as string);
    expect(pattern.exec(body())?.groups?.['fp']).toBe(FINGERPRINT);
    expect(pattern.exec(body('teams/invites.yaml'))).toBeNull();
  });
});

describe('Link header pagination', () => {
  const api = 'https://api.github.com';
  it('follows rel="next" as a path under the API URL', () => {
    const link = `<${api}/repositories/1/issues/2/comments?per_page=100&page=3>; rel="next", <${api}/repositories/1/issues/2/comments?per_page=100&page=9>; rel="last"`;
    expect(nextPage(link, api)).toBe('/repositories/1/issues/2/comments?per_page=100&page=3');
    expect(nextPage(`<${api}/x?page=1>; rel="prev", <${api}/x?page=9>; rel="last"`, api)).toBeUndefined();
    expect(nextPage(null, api)).toBeUndefined();
    expect(nextPage(`<https://ghe.example/api/v3/x?page=2>; rel="next"`, 'https://ghe.example/api/v3')).toBe('/x?page=2');
  });

  it('refuses a next link to another host, which would receive the token', () => {
    expect(() => nextPage(`<https://evil.example/x?page=2>; rel="next"`, api)).toThrow(/points outside https:\/\/api.github.com/);
    expect(() => nextPage(`<https://api.github.com.evil.example/x>; rel="next"`, api)).toThrow(/points outside/);
  });
});
