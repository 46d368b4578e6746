// The config file's zod schema, format version 1: the org union is built from the provider registry.
import { z } from 'zod';
import type { ProviderModule } from '../providers/provider.ts';
import { providerModules } from '../providers/registry.ts';
import { rateLimits, safety } from './fields.ts';
import { grantsSchemaFor, groupsSchema, NAME, type GrantConfig, type GroupConfig } from './groups.ts';

/** The config file as validated: each org is one provider's org, told apart by `provider`. */
export interface Config {
  $schema?: string;
  version: 1;
  safety?: z.infer<typeof safety>;
  /** People defined once, granted to orgs by an org's `grants`. */
  groups?: Record<string, GroupConfig>;
  orgs: Record<string, OrgConfig>;
}

/** One file of a config directory: every key optional, merged with the other files'. */
export type ConfigPart = Partial<Config>;

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
  grants?: GrantConfig[];
} & Record<string, unknown>;

function buildConfigSchema(modules: readonly ProviderModule[]) {
  // Each org takes grants with its own provider's access key, as its invites do.
  const options = modules.map((module) => module.config.orgSchema.safeExtend({ grants: grantsSchemaFor(module) })) as unknown as [z.ZodObject, ...z.ZodObject[]];
  const orgSchema = z.discriminatedUnion('provider', options, {
    error: `expected provider to be one of ${modules.map((module) => module.name).join(', ')}`,
  });
  return z
    .strictObject({
      $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
      version: z.literal(1, { error: 'expected version: 1 (the only format version)' }),
      safety: safety.optional(),
      groups: groupsSchema.optional(),
      orgs: z
        .record(
          z.string().regex(NAME, 'org names may use letters, digits, ".", "_" and "-"'),
          orgSchema,
        )
        .describe('Your orgs, by a name of your choosing (used in output and --org).'),
    })
    .describe('invitectl: the organization invites that should exist.');
}

let built: { modules: readonly ProviderModule[]; schema: z.ZodType<Config>; part: z.ZodType<ConfigPart> } | undefined;

function current(): NonNullable<typeof built> {
  const modules = [...providerModules()];
  if (!built || built.modules.length !== modules.length || built.modules.some((module, index) => module !== modules[index])) {
    const schema = buildConfigSchema(modules);
    // In a directory, any file may hold any of the keys; the merged whole is checked for orgs apart.
    const part = schema.partial({ version: true, orgs: true }).describe('invitectl: one file of a config directory (-c DIR); every key is optional.');
    built = { modules, schema: schema as unknown as z.ZodType<Config>, part: part as unknown as z.ZodType<ConfigPart> };
  }
  return built;
}

/** The config file's schema for the providers registered now (built once per registry content). */
export function configSchema(): z.ZodType<Config> {
  return current().schema;
}

/** The schema of one file in a config directory: version, safety, groups and orgs each optional. */
export function configPartSchema(): z.ZodType<ConfigPart> {
  return current().part;
}

/**
 * The JSON Schema of a config file, as `invitectl schema` prints it: one schema for every file
 * kind (a whole config, or one file of a directory), so `version`, `safety`, `groups` and `orgs`
 * are each optional here; the loader requires `version` and `orgs` of a single file.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configPartSchema(), { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://invitectl.dev/schemas/invites.schema.json', title: 'invitectl config' }, null, 2)}\n`;
}
