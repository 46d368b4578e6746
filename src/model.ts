/** The vendor APIs invitectl speaks to; each has one provider module. */
export type ProviderName = 'posthog' | 'anthropic';

/** When a plan is refused for deleting too much (DESIGN §5). */
export interface SafetyLimits {
  /** Unsafe when deletes exceed this count … */
  maxDeletes: number;
  /** … and this share of the org's current pending invites. */
  maxDeleteRatio: number;
}

/** One invite the config asks for. `access` is the level (PostHog) or role (Anthropic). */
export interface DesiredInvite {
  /** Lower-cased and trimmed. */
  email: string;
  access: string;
  firstName?: string;
  message?: string;
  /** Last day (UTC, `YYYY-MM-DD`) on which the grant is wanted; absent means no end. */
  until?: string;
}

/** How to reach one org's API; resolved from the config, never holding the key itself. */
export interface OrgConnection {
  /** Origin of the API, e.g. `https://us.posthog.com`. */
  baseUrl: string;
  /** Name of the environment variable that holds the API key. */
  apiKeyEnv: string;
  /** PostHog only: the organization UUID or `@current`. */
  organizationId?: string;
}

/** One org as the config wants it. */
export interface DesiredOrg {
  /** The user's name for the org (a key under `orgs:`). */
  name: string;
  provider: ProviderName;
  connection: OrgConnection;
  /** Delete pending invites that are neither listed nor ignored. */
  prune: boolean;
  /** Re-send invites that expired. */
  reinviteExpired: boolean;
  /** Lower-cased glob patterns (`*`, `?`) of emails never created or deleted. */
  ignore: string[];
  safety: SafetyLimits;
  invites: DesiredInvite[];
}

/** The whole desired state: every org in config order. */
export interface DesiredState {
  orgs: DesiredOrg[];
}
