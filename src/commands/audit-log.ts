import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { InvitectlError } from '../errors.ts';
import type { ChangeResult } from '../model.ts';
import { redact } from '../redact.ts';

/** An append-only JSON Lines file with one line per attempted change. */
export interface AuditLog {
  write(result: ChangeResult): void;
  close(): Promise<void>;
}

/** Opens (appending) the audit log; each line is written as its change settles, so a crash leaves a trail. */
export async function openAuditLog(file: string, cwd: string): Promise<AuditLog> {
  const stream = createWriteStream(resolve(cwd, file), { flags: 'a' });
  await new Promise<void>((ready, fail) => stream.once('open', () => ready()).once('error', fail)).catch((error: NodeJS.ErrnoException) => {
    throw new InvitectlError(`${file}: cannot open the audit log (${error.code ?? error.message})`);
  });
  return {
    write(result) {
      const { change, outcome, failure, requestId } = result;
      const line = {
        time: new Date().toISOString(),
        org: change.org,
        action: change.action,
        email: change.email,
        ...(change.reason ? { reason: change.reason } : {}),
        outcome,
        request_id: requestId ?? null,
        ...(failure ? { status: failure.status ?? null, code: failure.code ?? null, message: failure.message } : {}),
      };
      stream.write(`${redact(JSON.stringify(line))}\n`);
    },
    close: () => new Promise<void>((done) => stream.end(done)),
  };
}
