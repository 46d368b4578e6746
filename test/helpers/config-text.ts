// Config text to desired state and problems, as the loader sees one file, for config table tests.
import { desiredStateFrom } from '../../src/config/desired.ts';
import { checkConfigText } from '../../src/config/load.ts';
import type { DesiredOrg } from '../../src/model.ts';

/** The first org of a valid config text as the planner sees it; throws with the problems of an invalid one. */
export function firstDesiredOrg(text: string): DesiredOrg {
  const checked = checkConfigText(text, 'invites.yaml');
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.line}:${p.col}: ${p.path}: ${p.message}`).join('\n'));
  return desiredStateFrom(checked.config).orgs[0]!;
}
