import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('JSON Schema', () => {
  it('schemas/invites.schema.json is byte-identical to `invitectl schema` (regenerate with npm run schema)', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await read('schemas/invites.schema.json'));
  });

  it('invites.example.yaml is valid, points editors at the schema, and shows every key', async () => {
    const example = await read('invites.example.yaml');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=./schemas/invites.schema.json');
    const run = await runCli(['validate', '-c', 'invites.example.yaml']);
    expect(run.code).toBe(0);
    const keys = new Set<string>();
    collectKeys(JSON.parse(await read('schemas/invites.schema.json')), keys);
    keys.delete('$schema'); // written as the editor comment on line 1
    for (const key of keys) expect(example, `example shows ${key}`).toMatch(new RegExp(`^\\s*(- )?${key.replace('$', '\\$')}:`, 'm'));
  });
});

function collectKeys(node: unknown, keys: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((item) => collectKeys(item, keys));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') for (const name of Object.keys(value)) keys.add(name);
    collectKeys(value, keys);
  }
}
