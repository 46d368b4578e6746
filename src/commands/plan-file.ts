// Plan files (`plan --out`): their format, binding to the config, and checks before apply.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { configFileNames } from '../config/directory.ts';
import { z } from 'zod';
import { providerModules } from '../providers/registry.ts';
import { InvitectlError } from '../errors.ts';
import { fingerprintRows, type FingerprintRow } from '../fingerprint.ts';
import { excerpt } from '../sanitize.ts';
import { ApplyRefusedError } from './refusal.ts';

/** Version of the `--out` file; apply refuses any other (2: binds the config's path and hash, checks the changes). */
export const PLAN_FILE_VERSION = 2;

/** The largest plan file apply reads (20,000 changes take about 4 MB). */
const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;

/** The largest config file hashed; the loader refuses larger ones anyway. */
const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

/** What apply takes from a plan file, after its own checks passed. */
export interface PlanFile {
  fingerprint: string;
  /** The config's path relative to the plan file's directory, `/`-separated. */
  config: string;
  configSha256: string;
  orgs: string[];
  /** The reviewed changes, to say what differs when the fresh plan does not match. */
  rows: FingerprintRow[];
}

/** The `apply` block `plan --out` adds to the JSON plan. */
export interface PlanFileBinding {
  plan_file_version: number;
  config: string;
  config_sha256: string;
  orgs: string[];
  redacted_emails: boolean;
  planned_at: string;
}

/** `{ <accessField>: value }`: one key, one of the registered providers' access words. */
const access = z
  .record(z.string(), z.string())
  .refine((value) => {
    const keys = Object.keys(value);
    return keys.length === 1 && providerModules().some((module) => module.config.accessField === keys[0]);
  }, 'expected one access field');
const grant = z.object({ id: z.union([z.int(), z.string().min(1).max(200)]), level: z.string() }).strict();
const change = z
  .object({
    action: z.enum(['create', 'replace', 'delete', 'change-role', 'remove-member']),
    email: z.string(),
    reason: z.string().optional(),
    from: access.optional(),
    to: access.optional(),
    first_name: z.string().optional(),
    message: z.string().optional(),
    projects: z.array(grant).max(1000).optional(),
    from_projects: z.array(grant).max(1000).optional(),
    // Why a person is wanted (groups): shown to reviewers, not part of the fingerprint.
    via: z.array(z.string().max(200)).max(1000).optional(),
  })
  .strict();
const planFileSchema = z.object({
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  orgs: z.array(z.object({ name: z.string(), changes: z.array(change) })),
  apply: z.object({
    plan_file_version: z.literal(PLAN_FILE_VERSION),
    config: z.string().min(1).max(4096),
    config_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    orgs: z.array(z.string()),
    redacted_emails: z.boolean(),
    planned_at: z.string(),
  }),
});

/** `dir/invites.yaml` as seen from the plan file's directory, with `/` separators on every OS. */
export function configPathFromPlanFile(planFile: string, configFile: string, cwd: string): string {
  return relative(dirname(resolve(cwd, planFile)), resolve(cwd, configFile)).split(sep).join('/');
}

/**
 * sha256 (hex) of the config file's bytes, as apply and plan hash it; for a directory, of its
 * config files' sorted names each with its own sha256 (`name sha\n` lines), so any edit, added or removed file shows.
 */
export async function configDigest(file: string, cwd: string): Promise<string> {
  const isDir = await stat(resolve(cwd, file)).then((info) => info.isDirectory(), () => false);
  if (isDir) {
    const names = await configFileNames(file, cwd);
    const lines = await Promise.all(names.map(async (name) => `${name} ${await configDigest(join(file, name), cwd)}\n`));
    return createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
  }
  const bytes = await readBounded(resolve(cwd, file), MAX_CONFIG_BYTES).catch(() => {
    throw new InvitectlError(`${file}: cannot read the config file`);
  });
  if (bytes === undefined) throw new InvitectlError(`${file}: the config file is larger than ${MAX_CONFIG_BYTES} bytes`);
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads `invitectl plan --out` output and checks that it is whole: its version, that it was not
 * written with --redact-emails, and that its changes hash to its fingerprint (a hand edit would
 * show the reviewer something apply will not do). Never quotes the file's content.
 */
export async function readPlanFile(file: string, cwd: string): Promise<PlanFile> {
  const bytes = await readBounded(resolve(cwd, file), MAX_PLAN_FILE_BYTES).catch(() => {
    throw new InvitectlError(`${file}: cannot read the plan file`);
  });
  if (bytes === undefined) throw new InvitectlError(`${file}: not a plan file (larger than ${MAX_PLAN_FILE_BYTES} bytes)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvitectlError(`${file}: not a plan file (not JSON); write one with invitectl plan --out ${file}`);
  }
  const version = (parsed as { apply?: { plan_file_version?: unknown } } | null)?.apply?.plan_file_version;
  if (typeof version === 'number' && version !== PLAN_FILE_VERSION) {
    throw new InvitectlError(`${file}: plan file version ${version} is not supported (this invitectl reads version ${PLAN_FILE_VERSION}); write a new one with invitectl plan --out`);
  }
  const result = planFileSchema.safeParse(parsed);
  if (!result.success) {
    const where = result.error.issues[0]?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('') ?? '';
    throw new InvitectlError(`${file}: not a plan file from this version of invitectl${where ? ` (at ${where.replace(/^\./, '')})` : ''}; write one with invitectl plan --out`);
  }
  const data = result.data;
  if (data.apply.redacted_emails) {
    throw new InvitectlError(
      `${file}: written with --redact-emails, so its changes cannot be checked against the plan; apply refuses it. Write the plan file without --redact-emails, or apply with --expect-fingerprint ${data.fingerprint}`,
    );
  }
  const named = new Set(data.apply.orgs);
  if (data.orgs.length !== named.size || data.orgs.some((org) => !named.has(org.name))) {
    throw new InvitectlError(`${file}: its orgs do not match the orgs it names for apply (the file was edited after invitectl plan wrote it)`);
  }
  const rows: FingerprintRow[] = data.orgs.flatMap((org) =>
    org.changes.map((item) => ({
      org: org.name,
      action: item.action,
      email: item.email,
      reason: item.reason,
      from: accessValue(item.from),
      to: accessValue(item.to),
      firstName: item.first_name,
      message: item.message,
      projects: item.projects,
      fromProjects: item.from_projects,
    })),
  );
  const recomputed = fingerprintRows(rows);
  if (recomputed !== data.fingerprint) {
    throw new InvitectlError(`${file}: its changes do not hash to its fingerprint (the file says ${data.fingerprint}, its changes give ${recomputed}): it was edited after invitectl plan wrote it. Nothing was written.`);
  }
  return { fingerprint: data.fingerprint, config: data.apply.config, configSha256: data.apply.config_sha256, orgs: data.apply.orgs, rows };
}

/**
 * Refuses (nothing read, nothing written) when apply's own config is not the one the plan was
 * made from: another path relative to the plan file, or other bytes.
 */
export function checkPlanFileConfig(file: string, planFile: PlanFile, configFile: string, cwd: string, digest: string): void {
  const path = configPathFromPlanFile(file, configFile, cwd);
  if (path !== planFile.config) {
    throw new ApplyRefusedError(
      'plan-changed',
      `refusing to apply ${file}: it was made from the config ${excerpt(planFile.config)} (relative to the plan file), but this apply uses ${excerpt(path)}; pass that config with -c, or plan again. Nothing was written.`,
    );
  }
  if (digest !== planFile.configSha256) {
    throw new ApplyRefusedError(
      'plan-changed',
      `refusing to apply ${file}: the config ${configFile} has changed since the plan was made (config sha256 ${planFile.configSha256.slice(0, 12)}… in the plan file, ${digest.slice(0, 12)}… now); run invitectl plan again. Nothing was written.`,
    );
  }
}

function accessValue(value: Record<string, string> | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Object.values(value)[0];
}

/** The file's bytes, or undefined when it holds more than `limit` (checked while reading, not after). */
async function readBounded(path: string, limit: number): Promise<Uint8Array | undefined> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, size);
      size += bytesRead;
      if (size > limit) return undefined;
      chunks.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}
