// The audit log's member lines (issue #16): the member's id and its access before and after (`to: null` for a removal).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/commands/audit-log.ts';
import type { ChangeResult } from '../../src/model.ts';

describe('apply --audit-log: member changes', () => {
  it('records member_id, from and to for a role change and a removal, and leaves invite lines as they were', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invitectl-audit-'));
    const log = openAuditLog('audit.jsonl', dir, () => undefined);
    const results: ChangeResult[] = [
      { change: { org: 'gpt', action: 'change-role', email: 'kim@acme.com', memberId: 'user_kim', from: 'reader', to: 'owner' }, outcome: 'applied', requestId: 'req_1' },
      { change: { org: 'gpt', action: 'remove-member', email: 'sam@acme.com', memberId: 'user_sam', from: 'reader', reason: 'ended' }, outcome: 'failed', failure: { message: 'The organization must keep at least one owner.', status: 400 } },
      { change: { org: 'gpt', action: 'create', email: 'new@acme.com', to: 'reader' }, outcome: 'applied' },
    ];
    for (const result of results) log.write(result);
    log.close();
    const lines = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const { time: _time, ...first } = lines[0]!;
    expect(first).toEqual({ org: 'gpt', action: 'change-role', email: 'kim@acme.com', member_id: 'user_kim', from: 'reader', to: 'owner', outcome: 'applied', request_id: 'req_1' });
    expect(lines[1]).toMatchObject({ action: 'remove-member', reason: 'ended', member_id: 'user_sam', from: 'reader', to: null, outcome: 'failed', status: 400, message: 'The organization must keep at least one owner.' });
    expect(Object.keys(lines[2]!)).toEqual(['time', 'org', 'action', 'email', 'outcome', 'request_id']);
  });
});
