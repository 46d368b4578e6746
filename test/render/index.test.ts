import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/render/index.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { renderText } from '../../src/render/text.ts';
import { fullPlan, inputOf } from './fixtures.ts';

describe('renderPlan', () => {
  const input = inputOf(fullPlan());
  const options = { color: false, redactEmails: false, maxLength: 3_000 };

  it('hands each format to its renderer, with the options', () => {
    expect(renderPlan('text', input, options)).toBe(renderText(input, options));
    expect(renderPlan('json', input, options)).toBe(renderJson(input, options));
    expect(renderPlan('markdown', input, options)).toBe(renderMarkdown(input, options));
    expect(renderPlan('markdown', input, options).length).toBeLessThanOrEqual(3_000);
  });
});
