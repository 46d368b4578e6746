// renderPlan: picks the text, markdown or JSON renderer for a format.
import type { RenderInput, RenderOptions } from './input.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderText } from './text.ts';

export type { RenderInput, RenderOptions } from './input.ts';
export { MARKDOWN_MAX_LENGTH } from './markdown.ts';

/** The plan output formats (`--format`). */
export type RenderFormat = 'text' | 'markdown' | 'json';

/** Renders the plan in one format; pure, so the CLI can write the same plan to stdout and the job summary. */
export function renderPlan(format: RenderFormat, input: RenderInput, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(input, options);
    case 'markdown':
      return renderMarkdown(input, options);
    case 'json':
      return renderJson(input, options);
  }
}
