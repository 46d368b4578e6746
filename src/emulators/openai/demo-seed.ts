// OpenAI's part of the `--demo` state that makes the example config show every kind of change.
import { defaultOpenAISeed, type OpenAISeed } from './seed.ts';

/** The default organization with an invite to re-send for a role, an expired one and one to revoke. */
export function demoOpenAISeed(): OpenAISeed {
  return {
    ...defaultOpenAISeed(),
    invites: [
      { email: 'carol@acme.com', role: 'reader', age_days: 3 }, // → owner: re-invite (role)
      { email: 'henry@acme.com', role: 'reader', age_days: 9 }, // past 7 days: expired, re-invite
      { email: 'ivan@acme.com', role: 'reader', age_days: 4 }, // not in the config: revoke
    ],
  };
}
