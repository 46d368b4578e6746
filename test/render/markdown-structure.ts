/**
 * Problems that would break the markdown around a plan: a fence left open, or `<details>` not closed
 * (or closed before it opened). Tags inside code blocks are text, so they are not counted.
 */
export function structureProblems(markdown: string): string[] {
  const problems: string[] = [];
  let fence: string | undefined;
  let details = 0;
  markdown.split('\n').forEach((line, index) => {
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,})\s*$/.exec(line);
      if (close?.[1] !== undefined && close[1].length >= fence.length) fence = undefined;
      return;
    }
    const open = /^ {0,3}(`{3,})/.exec(line);
    if (open?.[1] !== undefined) {
      fence = open[1];
      return;
    }
    details += (line.match(/<details>/g) ?? []).length;
    details -= (line.match(/<\/details>/g) ?? []).length;
    if (details < 0) problems.push(`line ${index + 1}: </details> without <details>`);
  });
  if (fence !== undefined) problems.push(`fence ${fence} never closed`);
  if (details > 0) problems.push(`${details} <details> never closed`);
  return problems;
}
