import { describe, expect, it } from 'vitest';
import { structureProblems } from './markdown-structure.ts';

// The checker guards the truncation tests, so it must itself catch what it claims to.
describe('structureProblems', () => {
  it('accepts balanced fences and details', () => {
    expect(structureProblems('<details><summary>x</summary>\n\n```diff\n+ a\n</details>\n```\n\n</details>\n')).toEqual([]);
  });

  it('reports a fence left open', () => {
    expect(structureProblems('```diff\n+ a\n')).toEqual(['fence ``` never closed']);
  });

  it('does not let a shorter fence close a longer one', () => {
    expect(structureProblems('````diff\n```\n')).toEqual(['fence ```` never closed']);
  });

  it('reports details never closed, or closed before opened', () => {
    expect(structureProblems('<details><summary>x</summary>\n\ntext\n')).toEqual(['1 <details> never closed']);
    expect(structureProblems('</details>\n<details>\n')).toEqual(['line 1: </details> without <details>']);
  });
});
