// `invitectl schema`: prints the config file's JSON Schema.
import { configJsonSchema } from '../config/schema.ts';
import type { Command } from '../io.ts';
import { parseVerbArgs } from './args.ts';

/** `invitectl schema`: prints the JSON Schema of the config file, generated from the zod schema. */
export const schemaCommand: Command = {
  name: 'schema',
  help: `Usage: invitectl schema

Prints the JSON Schema (draft 2020-12) of the config file, for editors and CI.
The copy in schemas/invites.schema.json is this output. Point your editor at it with
  # yaml-language-server: $schema=./schemas/invites.schema.json
One schema covers every file kind: a whole config, or one file of a config
directory (-c DIR), where version, safety, groups and orgs are each optional.
In a directory, put that comment on the first line of each file (with the path
to the schema from that file), or map the directory's *.yaml in your editor.

Options:
  -h, --help   show this help
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('schema', argv, {});
    io.stdout.write(values.help ? this.help : configJsonSchema());
    return 0;
  },
};
