// Email globs for `ignore`: `*`, `?`, literal punctuation, case and surrounding blanks.
import { describe, expect, it } from 'vitest';
import { compileGlob, globsMatcher, matchesAny } from '../src/glob.ts';

describe('compileGlob', () => {
  it.each([
    ['*@corp.com', 'ann@corp.com', true],
    ['*@corp.com', 'ann@corp.org', false],
    ['*@corp.com', 'ann@corp.com.evil', false],
    ['*@corp.com', 'x.ann@corp.com', true],
    ['a?n@corp.com', 'ann@corp.com', true],
    ['a?n@corp.com', 'an@corp.com', false],
    ['a?n@corp.com', 'axxn@corp.com', false],
    ['ann@corp.com', 'ANN@Corp.COM', true],
    ['ann@corp.com', 'annXcorp.com', false],
    ['ann@corp.com', 'ann@corpXcom', false],
    ['  ann@corp.com  ', 'ann@corp.com', true],
    ['a+b@corp.com', 'a+b@corp.com', true],
    ['a+b@corp.com', 'aab@corp.com', false],
    ['(ann)@corp.com', '(ann)@corp.com', true],
    ['a|b@corp.com', 'a|b@corp.com', true],
    ['a|b@corp.com', 'a', false],
    ['a$b^c@x', 'a$b^c@x', true],
    ['a{1}@x', 'a{1}@x', true],
    ['a{1}@x', 'a@x', false],
    ['[ab]@x', '[ab]@x', true],
    ['[ab]@x', 'a@x', false],
    ['a\\b@x', 'a\\b@x', true],
    ['a/b@x', 'a/b@x', true],
    ['ann@corp.com', 'x ann@corp.com', false],
    ['ann@corp.com', 'ann@corp.com x', false],
  ])('%j matches %j: %s', (pattern, email, expected) => {
    expect(compileGlob(pattern)(email)).toBe(expected);
  });
});

describe('globsMatcher and matchesAny', () => {
  it('match when any of the globs matches, and never for no globs', () => {
    const matches = globsMatcher(['*@a.com', 'bob@b.com']);
    expect([matches('x@a.com'), matches('bob@b.com'), matches('bob@c.com')]).toEqual([true, true, false]);
    expect(globsMatcher([])('x@a.com')).toBe(false);
    expect(matchesAny('bob@b.com', ['*@a.com', 'bob@b.com'])).toBe(true);
    expect(matchesAny('bob@c.com', ['*@a.com', 'bob@b.com'])).toBe(false);
    expect(matchesAny('bob@c.com', [])).toBe(false);
  });
});
