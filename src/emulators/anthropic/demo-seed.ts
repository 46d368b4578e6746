// Anthropic's part of the `--demo` state that makes invites.example.yaml show every kind of change.
import { defaultAnthropicSeed, type AnthropicSeed } from './seed.ts';

/** The default organization with an invite to re-send for a role, an expired one and one to revoke. */
export function demoAnthropicSeed(): AnthropicSeed {
  return {
    ...defaultAnthropicSeed(),
    invites: [
      { email: 'carol@acme.com', role: 'user', age_days: 3 }, // → developer: re-invite (role)
      { email: 'henry@acme.com', role: 'user', age_days: 25 }, // expired: re-invite
      { email: 'ivan@acme.com', role: 'developer', age_days: 4 }, // not listed: revoke
    ],
  };
}
