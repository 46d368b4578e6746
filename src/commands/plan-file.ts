import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InvitectlError } from '../errors.ts';
import { PLAN_FILE_VERSION } from './plan.ts';

/** What apply takes from a plan file: the fingerprint to match, and how the plan was made. */
export interface PlanFile {
  fingerprint: string;
  config: string;
  orgs: string[];
}

const planFileSchema = z.object({
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  apply: z.object({ plan_file_version: z.literal(PLAN_FILE_VERSION), config: z.string().min(1), orgs: z.array(z.string()) }),
});

/** Reads `invitectl plan --out` output; anything else is refused with one line. */
export async function readPlanFile(file: string, cwd: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch {
    throw new InvitectlError(`${file}: cannot read the plan file`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvitectlError(`${file}: not a plan file (not JSON); write one with invitectl plan --out ${file}`);
  }
  const result = planFileSchema.safeParse(parsed);
  if (!result.success) throw new InvitectlError(`${file}: not a plan file from this version of invitectl (write one with invitectl plan --out)`);
  return { fingerprint: result.data.fingerprint, config: result.data.apply.config, orgs: result.data.apply.orgs };
}
