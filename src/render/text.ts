// The text renderer: the plan as a terminal reads it, optionally coloured.
import { styleText } from 'node:util';
import type { Change, ChangeAction, Kept, OrgPlan, ProviderName } from '../model.ts';
import { accessLabel, countChanges, countKept, countPlanChanges, prepareInput, totalOf, verdictOf } from './input.ts';
import type { RenderInput, RenderOptions } from './input.ts';
import { describeChanges, describeKept, describeLinkInvites, describeMemberChanges, describeProjects, describeProtection, describeUnsafe, describeVia, formatCount } from './words.ts';

type Style = Parameters<typeof styleText>[0];

/** Symbol, verb and colour per action, Terraform-style (`-/+` is "destroy and then create"). */
const ACTIONS: Readonly<Record<ChangeAction, { symbol: string; verb: string; style: Style }>> = {
  create: { symbol: '+', verb: 'invite', style: 'green' },
  replace: { symbol: '-/+', verb: 're-invite', style: 'yellow' },
  delete: { symbol: '-', verb: 'revoke', style: 'red' },
  'change-role': { symbol: '~', verb: 'change role', style: 'yellow' },
  'remove-member': { symbol: '-', verb: 'remove member', style: 'red' },
};

/**
 * The plan for a terminal: per org a header, one aligned line per change, a dim line of kept counts
 * and a warning when the org is unsafe; then `Plan: 2 to invite, 4 to re-invite, 2 to revoke.` or
 * `No changes.` ANSI colour only when `options.color`.
 */
export function renderText(input: RenderInput, options: RenderOptions): string {
  const { plan, safety, fingerprint } = prepareInput(input, options);
  const paint = (style: Style, text: string): string => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const blocks = plan.orgs.map((org) => orgBlock(org, safety, paint));

  const totals = countPlanChanges(plan);
  const reported = countChanges(plan.orgs.flatMap((org) => org.reported ?? []));
  const unsafe = plan.orgs.filter((org) => !verdictOf(safety, org.name).ok).length;
  const footer: string[] = [];
  if (unsafe > 0) {
    const orgs = unsafe === 1 ? '1 org exceeds' : `${formatCount(unsafe)} orgs exceed`;
    footer.push(`${paint(['bold', 'yellow'], 'Warning:')} ${orgs} the mass-delete limits; apply refuses without --allow-mass-delete.`);
  }
  if (totalOf(reported) > 0) footer.push(`Reported (members: report — not applied): ${describeMemberChanges(reported).slice('members: '.length)}.`);
  if (totalOf(totals) > 0) {
    footer.push(paint('dim', `Fingerprint: ${fingerprint}`));
    footer.push(`Plan: ${describeChanges(totals)}.`);
  } else {
    footer.push('No changes.');
  }
  return `${[...blocks, footer.join('\n')].join('\n\n')}\n`;
}

type Paint = (style: Style, text: string) => string;

function orgBlock(org: OrgPlan, safety: RenderInput['safety'], paint: Paint): string {
  const protectedRows = org.kept.filter((kept) => kept.reason === 'protected');
  const lines = [paint('bold', `${org.name} (${org.provider})`), ...changeLines(org.provider, org.changes, paint, protectedRows)];
  const kept = describeKept(countKept(org.kept));
  const counts = totalOf(countChanges(org.changes)) === 0 ? `no changes${kept === '' ? '' : ` (${kept})`}` : kept;
  if (counts !== '') lines.push(`  ${paint('dim', counts)}`);
  if (org.linkInvites !== undefined) lines.push(`  ${paint('dim', describeLinkInvites(org.linkInvites))}`);
  if (org.reported !== undefined && org.reported.length > 0) {
    lines.push(`  ${paint('bold', 'Reported (members: report — not applied):')}`, ...changeLines(org.provider, org.reported, paint).map((line) => `  ${line}`));
  }
  const verdict = verdictOf(safety, org.name);
  if (!verdict.ok) {
    lines.push(`  ${paint(['bold', 'yellow'], 'Warning:')} ${describeUnsafe(verdict)}; apply refuses this org without --allow-mass-delete.`);
  }
  return lines.join('\n');
}

/** Protected members, shown beside the changes: the plan leaves them alone, and says why. */
const KEEP = { symbol: '!', verb: 'keep', style: 'cyan' } as const;

function changeLines(provider: ProviderName, changes: readonly Change[], paint: Paint, protectedRows: readonly Kept[] = []): string[] {
  const rows = [
    ...changes.map((change) => ({ ...ACTIONS[change.action], email: change.email, access: accessText(provider, change), note: noteOf(change), via: describeVia(change) })),
    ...protectedRows.map((kept) => ({ ...KEEP, email: kept.email, access: accessLabel(provider, kept.access), note: describeProtection(kept), via: '' })),
  ];
  const emailWidth = Math.max(0, ...rows.map((row) => row.email.length));
  const accessWidth = Math.max(0, ...rows.map((row) => row.access.length));
  // Invite verbs fit in 9 columns; a member verb widens only the orgs that have one.
  const verbWidth = Math.max(9, ...rows.map((row) => row.verb.length));
  return rows.map(({ symbol, verb, style, email, access, note, via }) => {
    // Pad before painting: escape codes would otherwise count towards the column width.
    const head = paint(style, `${symbol.padEnd(3)} ${verb.padEnd(verbWidth)}`);
    const tail = note === '' ? access : `${access.padEnd(accessWidth)}  ${paint('dim', `(${note})`)}`;
    return `  ${head}  ${email.padEnd(emailWidth)}  ${tail}${via === '' ? '' : `  ${paint('dim', via)}`}`;
  });
}

/** Why a change is made, where its action alone does not say: a re-invite's reason, a removal's. */
function noteOf(change: Change): string {
  if (change.reason === 'expired' || change.reason === 'projects' || change.reason === 'unlisted') return change.reason;
  return change.reason === 'ended' ? 'grant ended' : '';
}

/** `level: admin` for an invite or revoke; `level: member → admin` when a re-invite changes the access. */
function accessText(provider: ProviderName, change: Change): string {
  const from = change.from ?? change.to ?? '';
  const to = change.to ?? change.from ?? '';
  const access = from === to ? accessLabel(provider, from) : `${accessLabel(provider, from)} → ${to}`;
  if (change.action === 'replace' && change.fromProjects !== undefined) return `${access}, ${describeProjects(change.fromProjects)} → ${describeProjects(change.projects ?? []).slice('projects: '.length)}`;
  return change.projects === undefined ? access : `${access}, ${describeProjects(change.projects)}`;
}
