// Anthropic emulator: random ids with the API's prefixes.
import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A fresh id in the API's style: the prefix, then 24 base62 characters starting `01`
 * (as in `invite_015gWxCN9Hfg2QhZwTK7Mdeu` and `req_018EeWyXxfu5pfWkrYcMdjWG`).
 */
export function newId(prefix: 'invite_' | 'user_' | 'req_'): string {
  let body = '01';
  while (body.length < 24) body += BASE62[randomInt(BASE62.length)];
  return prefix + body;
}
