// `invitectl validate`: checks the config file without touching the network.
import { loadConfig } from '../config/load.ts';
import type { Command } from '../io.ts';
import { parseVerbArgs } from './args.ts';

/** `invitectl validate`: checks the config file without touching the network. */
export const validateCommand: Command = {
  name: 'validate',
  help: `Usage: invitectl validate [-c FILE]

Checks the config file: YAML syntax, the schema (format version 1) and the rules
(duplicate emails, roles and levels, ignore patterns, https URLs). Every problem is
printed as FILE:LINE:COL: path: message. Needs no API key and sends no request.

Options:
  -c, --config FILE   config file, or a directory of them (default: invites.yaml)
  -h, --help          show this help

Exit codes: 0 valid, 1 problems found.
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('validate', argv, { config: { type: 'string', short: 'c', default: 'invites.yaml' } });
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    const file = values.config;
    const { desired } = await loadConfig(file, io.cwd, io.env);
    const orgs = desired.orgs.map((org) => `${org.name} (${org.provider}, ${plural(org.invites.length, 'invite')})`);
    io.stdout.write(`${file}: valid — ${plural(desired.orgs.length, 'org')}${orgs.length ? `: ${orgs.join(', ')}` : ''}\n`);
    return 0;
  },
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
