// The apply row's machine reference: the requests `apply` must send and nothing else, with plain fetch (plain JavaScript, so Node starts it without type stripping, as it starts the bundle).
//
// node bench/bare-client.mjs POSTHOG ANTHROPIC OPENAI CONCURRENCY, with the sandbox's URLs and keys in the
// environment: per API key, its two lists (one page each) side by side, then its creates, CONCURRENCY in
// flight; keys in parallel. PostHog creates go 20 to a bulk call. Invitees are `ph0@bench.example`… as in
// bench/fixtures.ts. No config, no validation, no plan: what is left of the CLI's time is Node's start and
// the round trips themselves, the part of the apply row that this machine, not invitectl, decides.
const [posthog, anthropic, openai, concurrency] = process.argv.slice(2).map(Number);
const env = process.env;
const BULK = 20;

const emails = (prefix, count) => Array.from({ length: count }, (_, i) => `${prefix}${i}@bench.example`);
const chunks = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function send(method, url, headers, body) {
  const response = await fetch(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname}: HTTP ${response.status}`);
  return text;
}

async function key({ lists, headers, writes }) {
  await Promise.all(lists.map((url) => send('GET', url, headers)));
  let next = 0;
  const lane = async () => {
    while (next < writes.length) {
      const [url, body] = writes[next++];
      await send('POST', url, headers, body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

const keys = [];
if (posthog > 0) {
  const base = `${env.INVITECTL_POSTHOG_URL}/api/organizations/${env.POSTHOG_ORGANIZATION_ID}`;
  keys.push({
    headers: { authorization: `Bearer ${env.POSTHOG_PERSONAL_API_KEY}` },
    lists: [`${base}/invites/?limit=5000&offset=0`, `${base}/members/?limit=5000&offset=0`],
    writes: chunks(emails('ph', posthog), BULK).map((batch) => [`${base}/invites/bulk/`, batch.map((email) => ({ target_email: email, level: 1, send_email: true }))]),
  });
}
if (anthropic > 0) {
  const base = `${env.INVITECTL_ANTHROPIC_URL}/v1/organizations`;
  keys.push({
    headers: { 'x-api-key': env.ANTHROPIC_ADMIN_API_KEY, 'anthropic-version': '2023-06-01' },
    lists: [`${base}/invites?limit=1000`, `${base}/users?limit=1000`],
    writes: emails('an', anthropic).map((email) => [`${base}/invites`, { email, role: 'user' }]),
  });
}
if (openai > 0) {
  const base = `${env.INVITECTL_OPENAI_URL}/v1/organization`;
  keys.push({
    headers: { authorization: `Bearer ${env.OPENAI_ADMIN_KEY}` },
    lists: [`${base}/invites?limit=100`, `${base}/users?limit=100`],
    writes: emails('oa', openai).map((email) => [`${base}/invites`, { email, role: 'reader' }]),
  });
}

try {
  await Promise.all(keys.map(key));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
