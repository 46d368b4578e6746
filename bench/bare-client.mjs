// The apply row's machine reference: the requests `apply` must send and nothing else (plain JavaScript, so Node starts it without type stripping, as it starts the bundle).
//
// node bench/bare-client.mjs fetch|http POSTHOG ANTHROPIC OPENAI CONCURRENCY, with the sandbox's URLs and
// keys in the environment: per API key, its two lists (one page each) side by side, then its creates,
// CONCURRENCY in flight; keys in parallel. PostHog creates go 20 to a bulk call. Invitees are
// `ph0@bench.example`… as in bench/fixtures.ts. No config, no validation, no plan: what is left of the CLI's
// time is Node's start and the round trips themselves, the part of the apply row that this machine, not
// invitectl, decides. `fetch` is the transport invitectl uses (ky over fetch); `http` is node:http with a
// keep-alive agent, the cheapest transport Node has, to show what even a different transport would leave.
import http from 'node:http';

const transport = process.argv[2];
const [posthog, anthropic, openai, concurrency] = process.argv.slice(3).map(Number);
const env = process.env;
const BULK = 20;
if (transport !== 'fetch' && transport !== 'http') throw new Error(`unknown transport ${transport}: fetch or http`);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

const emails = (prefix, count) => Array.from({ length: count }, (_, i) => `${prefix}${i}@bench.example`);
const chunks = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function send(method, url, headers, body) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const all = { ...headers, ...(text === undefined ? {} : { 'content-type': 'application/json' }) };
  const { status, answer } = transport === 'fetch' ? await viaFetch(method, url, all, text) : await viaHttp(method, url, all, text);
  if (status < 200 || status > 299) throw new Error(`${method} ${new URL(url).pathname}: HTTP ${status}`);
  return answer;
}

async function viaFetch(method, url, headers, body) {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, answer: await response.text() };
}

function viaHttp(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, answer: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
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
} finally {
  agent.destroy();
}
