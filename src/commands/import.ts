// `invitectl import`: prints an org's pending invites as config YAML.
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
  help: `Usage: invitectl import [-c FILE] --org NAME

Reads the org's current state (read-only) and prints its pending invites as the
\`invites:\` YAML of the config, with the members listed in a comment. Paste it under the
org in your config and \`invitectl plan\` shows no changes for it.

Options:
  -c, --config FILE   config file (default: invites.yaml); the org must be in it
  --org NAME          the org to import (required)
${timeFlagsHelp(22)}
  -h, --help          show this help
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('import', argv, {
      config: { type: 'string', short: 'c', default: 'invites.yaml' },
      ...TIME_FLAGS,
      org: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    if (!values.org) throw new UsageError('invitectl import: --org NAME is required (see invitectl import --help)');
    const run = await planFromApis(io, { configFile: values.config, orgNames: [values.org], readOnly: true, limits: parseTimeLimits('import', values) });
    const org = run.orgs[0]!;
    const current = run.current.orgs[org.name]!;
    const field = providerModule(org.provider).config.accessField;
    // Pending as the planner counts it (unexpired, the newest per email), by the planner's own index.
    const isIgnored = globsMatcher(org.ignore);
    const invites: Array<Record<string, string>> = [];
    const ignored: string[] = [];
    for (const [email, record] of indexByEmail({ ...org, invites: [] }, current, run.now)) {
      const newest = record.pending[0];
      if (newest === undefined) continue;
      // Ignored invites are never managed, and the config refuses to list them.
      if (isIgnored(email)) ignored.push(email);
      // The invite's own address: where the API folds addresses, the index key may be a folded form.
      else invites.push({ email: newest.email, [field]: newest.access });
    }
    invites.sort((a, b) => (a['email']! < b['email']! ? -1 : 1));
    ignored.sort();
    const members = [...current.members].sort((a, b) => (a.email < b.email ? -1 : 1));
    const header = [
      `# ${org.name} (${org.provider}): ${invites.length} pending invite${invites.length === 1 ? '' : 's'}, read ${run.now.toISOString()}`,
      ...(ignored.length ? [`# ${ignored.length} pending invite${ignored.length === 1 ? '' : 's'} matching ignore not listed: ${ignored.join(', ')}`] : []),
      `# Members (${members.length}) need no invite and are not listed:`,
      ...members.map((member) => `#   ${member.email} (${field}: ${member.access})`),
    ];
    // Emails and access words come from the API: no control or bidi character reaches the terminal.
    io.stdout.write(cleanText(`${header.join('\n')}\n${toYaml({ invites })}`, true));
    return 0;
  },
};
