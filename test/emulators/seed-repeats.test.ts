// Seeds refuse a repeated API key or id, at the repeat's path, in every emulator that has them.
import { describe, expect, it } from 'vitest';
import { checkSeedText } from '../../src/emulators/seed.ts';

const SEEDS = {
  anthropic: `anthropic:
  organization: { id: 7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d, name: Acme }
  api_keys: [{ key: sk-ant-admin01-seedRepeatKey0123456789 }, { key: sk-ant-admin01-seedRepeatKey0123456789 }]
  users: [{ id: user_same, email: a@acme.com, role: user }]
  invites: [{ id: user_same, email: b@acme.com, role: user }]
`,
  openai: `openai:
  organization: { id: org-AcmeCorp0123456789abcd, name: Acme }
  api_keys: [{ key: sk-admin-seedRepeatKey0123456789abcdef, kind: admin }, { key: sk-admin-seedRepeatKey0123456789abcdef, kind: admin }]
  users: [{ id: user_same, email: a@acme.com, role: owner }]
  invites: [{ id: user_same, email: b@acme.com, role: reader }]
`,
};

describe.each(Object.entries(SEEDS))('%s seed', (name, text) => {
  it('reports the second API key and the id used by a user and an invite, each where it repeats', () => {
    const checked = checkSeedText(text, 'seed.yaml');
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems.map((problem) => `${problem.path}: ${problem.message}`);
    expect(problems).toEqual(expect.arrayContaining([`${name}.api_keys[1].key: duplicate API key`, `${name}.invites[0].id: duplicate id user_same`]));
  });
});
