// The naive one-request-at-a-time script the apply row is compared against.
/** Where the baseline sends its invites: the sandbox's URLs and keys (its `env`). */
export interface BaselineTarget {
  posthogUrl: string;
  posthogKey: string;
  organizationId: string;
  anthropicUrl: string;
  anthropicKey: string;
  openaiUrl: string;
  openaiKey: string;
}

/** What the naive script took. */
export interface BaselineResult {
  ms: number;
  requests: number;
  failures: number;
}

/**
 * The naive script the issue compares against: one plain `fetch` per invitee, one at a time,
 * no batching, no concurrency, no reads. It does what `apply` does for a list of creates and
 * nothing else, so it is the fastest a one-request-at-a-time script can be.
 */
export async function inviteOneByOne(
  target: BaselineTarget,
  posthogEmails: readonly string[],
  anthropicEmails: readonly string[],
  openaiEmails: readonly string[] = [],
): Promise<BaselineResult> {
  let failures = 0;
  const send = async (url: string, headers: Record<string, string>, body: unknown): Promise<void> => {
    const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    if (!response.ok) failures++;
  };
  const started = performance.now();
  for (const email of posthogEmails) {
    await send(`${target.posthogUrl}/api/organizations/${target.organizationId}/invites/`, { authorization: `Bearer ${target.posthogKey}` }, { target_email: email, level: 1, send_email: true });
  }
  for (const email of anthropicEmails) {
    await send(`${target.anthropicUrl}/v1/organizations/invites`, { 'x-api-key': target.anthropicKey, 'anthropic-version': '2023-06-01' }, { email, role: 'user' });
  }
  for (const email of openaiEmails) {
    await send(`${target.openaiUrl}/v1/organization/invites`, { authorization: `Bearer ${target.openaiKey}` }, { email, role: 'reader' });
  }
  return { ms: performance.now() - started, requests: posthogEmails.length + anthropicEmails.length + openaiEmails.length, failures };
}

/** The baseline's target in a sandbox's env (`Sandbox.env`). */
export function baselineTarget(env: Readonly<Record<string, string>>): BaselineTarget {
  const need = (key: string): string => {
    const value = env[key];
    if (value === undefined) throw new Error(`the sandbox env has no ${key}`);
    return value;
  };
  return {
    posthogUrl: need('INVITECTL_POSTHOG_URL'),
    posthogKey: need('POSTHOG_PERSONAL_API_KEY'),
    organizationId: need('POSTHOG_ORGANIZATION_ID'),
    anthropicUrl: need('INVITECTL_ANTHROPIC_URL'),
    anthropicKey: need('ANTHROPIC_ADMIN_API_KEY'),
    openaiUrl: need('INVITECTL_OPENAI_URL'),
    openaiKey: need('OPENAI_ADMIN_KEY'),
  };
}
