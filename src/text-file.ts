// Reading a config or seed file's text: bounded while reading (a pipe or /dev/zero too), UTF-8 only.
import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Position } from './yaml.ts';

/** The most bytes a config or seed file may have: room for 100,000+ invites per API, bounded memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** How much one read asks for: big enough for few system calls, small against the limit. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** Decodes a file's bytes as UTF-8, refusing oversize files and bytes that are not UTF-8. */
export function decodeYamlBytes(bytes: Uint8Array): { ok: true; text: string } | ({ ok: false; message: string } & Position) {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return { ok: false, line: 1, col: 1, message: `file is larger than ${MAX_FILE_BYTES} bytes, the limit` };
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    // Find the first line that fails so the user knows where to look.
    let line = 1;
    let start = 0;
    for (let end = 0; end <= bytes.length; end++) {
      if (end < bytes.length && bytes[end] !== 0x0a) continue;
      try {
        decoder.decode(bytes.subarray(start, end));
      } catch {
        break;
      }
      line++;
      start = end + 1;
    }
    return { ok: false, line, col: 1, message: 'not valid UTF-8 (save the file as UTF-8)' };
  }
}

/**
 * Reads a config or seed file as text (`file` as the user typed it, resolved against `cwd`):
 * a missing file, a directory, an oversize file or one that is not UTF-8 is a positioned problem.
 */
export async function readYamlFile(file: string, cwd: string): Promise<{ ok: true; text: string } | ({ ok: false; message: string } & Position)> {
  const read = await readBounded(resolve(cwd, file), MAX_FILE_BYTES);
  if (!read.ok) return { ok: false, line: 1, col: 1, message: read.message };
  return decodeYamlBytes(read.bytes);
}

/**
 * Reads at most `limit` bytes, stopping at the first byte past it: the size a stat reports means
 * nothing for a pipe, a FIFO or /dev/zero, so the limit is enforced while reading.
 */
async function readBounded(path: string, limit: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(READ_CHUNK_BYTES, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { ok: false, message: `file is larger than ${limit} bytes, the limit` };
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read' };
  } finally {
    await handle?.close();
  }
}
