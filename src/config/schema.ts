// The config file's zod schema, format version 1: the org union is built from the provider registry.
import { z } from 'zod';
import type { ProviderModule } from '../providers/provider.ts';
import { providerModules } from '../providers/registry.ts';
import { rateLimits, safety } from './fields.ts';

/** The config file as validated: each org is one provider's org, told apart by `provider`. */
export interface Config {
  $schema?: string;
  version: 1;
  safety?: z.infer<typeof safety>;
  orgs: Record<string, OrgConfig>;
}

/** One validated org: the common keys, plus whatever its provider's schema adds. */
export type OrgConfig = {
  provider: string;
  api_key_env: string;
  prune: boolean;
  reinvite_expired: boolean;
  ignore: string[];
  safety?: z.infer<typeof safety>;
  rate_limits?: z.infer<typeof rateLimits>;
  members?: 'ignore' | 'report' | 'manage';
  key_owner?: string;
} & Record<string, unknown>;

function buildConfigSchema(modules: readonly ProviderModule[]) {
  const options = modules.map((module) => module.config.orgSchema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  const orgSchema = z.discriminatedUnion('provider', options, {
    error: `expected provider to be one of ${modules.map((module) => module.name).join(', ')}`,
  });
  return z
    .strictObject({
      $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
      version: z.literal(1, { error: 'expected version: 1 (the only format version)' }),
      safety: safety.optional(),
      orgs: z
        .record(
          z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'org names may use letters, digits, ".", "_" and "-"'),
          orgSchema,
        )
        .describe('Your orgs, by a name of your choosing (used in output and --org).'),
    })
    .describe('invitectl: the organization invites that should exist.');
}

let built: { modules: readonly ProviderModule[]; schema: z.ZodType<Config> } | undefined;

/** The config file's schema for the providers registered now (built once per registry content). */
export function configSchema(): z.ZodType<Config> {
  const modules = [...providerModules()];
  if (!built || built.modules.length !== modules.length || built.modules.some((module, index) => module !== modules[index])) {
    built = { modules, schema: buildConfigSchema(modules) as unknown as z.ZodType<Config> };
  }
  return built.schema;
}

/** The JSON Schema of the config file, as `invitectl schema` prints it. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema(), { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://invitectl.dev/schemas/invites.schema.json', title: 'invitectl config' }, null, 2)}\n`;
}
