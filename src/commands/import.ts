// `invitectl import`: prints an org's pending invites (and, with --members, its members) as config YAML.
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { indexByEmail } from '../email-index.ts';
import { globsMatcher } from '../glob.ts';
import { providerModule } from '../providers/registry.ts';
import { cleanText } from '../sanitize.ts';
import { toYaml } from '../yaml.ts';
import { parseTimeLimits, TIME_FLAGS, timeFlagsHelp } from '../deadline.ts';
import { parseVerbArgs } from './args.ts';
import { planFromApis } from '../reconcile.ts';

/** `invitectl import`: prints an org's current pending invites as config, to adopt an existing org. */
export const importCommand: Command = {
  name: 'import',
  help: `Usage: invitectl import [-c FILE] --org NAME [--members]

Reads the org's current state (read-only) and prints its pending invites as the
\`invites:\` YAML of the config, with the members listed in a comment. Paste it under the
org in your config and \`invitectl plan\` shows no changes for it.

With --members, the members are listed too, each with their access, under
\`members: report\`: plan then shows what \`members: manage\` would change (nothing, until
the file changes), and you switch to \`manage\` when that is what you want.

Options:
  -c, --config FILE   config file, or a directory of them (default: invites.yaml); the org
                      must be in it
  --org NAME          the org to import (required)
  --members           list the members as entries too, and set \`members: report\`
${timeFlagsHelp(22)}
  -h, --help          show this help
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('import', argv, {
      config: { type: 'string', short: 'c', default: 'invites.yaml' },
      ...TIME_FLAGS,
      org: { type: 'string' },
      members: { type: 'boolean', default: false },
    });
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    if (!values.org) throw new UsageError('invitectl import: --org NAME is required (see invitectl import --help)');
    const run = await planFromApis(io, { configFile: values.config, orgNames: [values.org], readOnly: true, limits: parseTimeLimits('import', values) });
    const org = run.orgs[0]!;
    const current = run.current.orgs[org.name]!;
    const { accessField: field, accessWords } = providerModule(org.provider).config;
    // Pending as the planner counts it (unexpired, the newest per email), by the planner's own index.
    const isIgnored = globsMatcher(org.ignore);
    const withMembers = values.members === true;
    const invites: Array<Record<string, string>> = [];
    const ignored: string[] = [];
    const ignoredMembers: string[] = [];
    // Access the config cannot name (e.g. Anthropic's admin): listed, the file would not load; the plan shows what becomes of them.
    const unlistable: string[] = [];
    let listedMembers = 0;
    for (const [email, record] of indexByEmail({ ...org, invites: [] }, current, run.now)) {
      // A member is listed with their access (a pending invite of theirs is then not: the member wins, as in plan).
      if (withMembers && record.member !== undefined) {
        if (isIgnored(email)) ignoredMembers.push(email);
        else if (!accessWords.includes(record.member.access)) unlistable.push(`${record.member.email} (${field}: ${record.member.access})`);
        else {
          invites.push({ email: record.member.email, [field]: record.member.access });
          listedMembers += 1;
        }
        continue;
      }
      const newest = record.pending[0];
      if (newest === undefined) continue;
      // Ignored invites are never managed, and the config refuses to list them.
      if (isIgnored(email)) ignored.push(email);
      // The invite's own address: where the API folds addresses, the index key may be a folded form.
      else invites.push({ email: newest.email, [field]: newest.access });
    }
    invites.sort((a, b) => (a['email']! < b['email']! ? -1 : 1));
    ignored.sort();
    ignoredMembers.sort();
    const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
    const members = [...current.members].sort((a, b) => (a.email < b.email ? -1 : 1));
    const header = [
      withMembers
        ? `# ${org.name} (${org.provider}): ${plural(invites.length - listedMembers, 'pending invite')} and ${plural(listedMembers, 'member')}, read ${run.now.toISOString()}`
        : `# ${org.name} (${org.provider}): ${plural(invites.length, 'pending invite')}, read ${run.now.toISOString()}`,
      ...(ignored.length ? [`# ${plural(ignored.length, 'pending invite')} matching ignore not listed: ${ignored.join(', ')}`] : []),
      ...(withMembers
        ? [
            ...(ignoredMembers.length ? [`# ${plural(ignoredMembers.length, 'member')} matching ignore not listed: ${ignoredMembers.join(', ')}`] : []),
            ...(unlistable.length ? [`# ${plural(unlistable.length, 'member')} not listed, the config cannot name their access: ${unlistable.sort().join(', ')}`] : []),
            '# members: report shows what `members: manage` would change; switch to manage once it shows what you want.',
          ]
        : [`# Members (${members.length}) need no invite and are not listed:`, ...members.map((member) => `#   ${member.email} (${field}: ${member.access})`)]),
    ];
    const yaml = withMembers ? toYaml({ members: 'report', invites }) : toYaml({ invites });
    // Emails and access words come from the API: no control or bidi character reaches the terminal.
    io.stdout.write(cleanText(`${header.join('\n')}\n${yaml}`, true));
    return 0;
  },
};
