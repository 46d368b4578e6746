// The version, from package.json.
import packageJson from '../package.json' with { type: 'json' };

/** The version of invitectl, from package.json (bundled into the CLI at build time). */
export const VERSION: string = packageJson.version;
