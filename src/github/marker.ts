// The hidden marker that identifies invitectl's plan comment.
/** How every plan comment starts; the apply workflow looks for the same text. */
export const MARKER_PREFIX = '<!-- invitectl-plan ';

/** GitHub refuses a comment body over this many characters (HTTP 422). */
export const COMMENT_MAX_LENGTH = 65_536;

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const MARKER = /^<!-- invitectl-plan config=(\S+) fingerprint=(sha256:[0-9a-f]{64}) -->(?:\r?\n|$)/;

/** What a plan comment's first line says: which config it plans, and the plan's fingerprint. */
export interface PlanMarker {
  /** The config file relative to the repository root, e.g. `invites.yaml`. */
  config: string;
  fingerprint: string;
}

/**
 * The hidden first line of a plan comment:
 * `<!-- invitectl-plan config=invites.yaml fingerprint=sha256:… -->`. The config is
 * percent-encoded (`/` kept) so a path with spaces or `-->` stays one token inside the comment.
 */
export function formatPlanMarker(marker: PlanMarker): string {
  if (!FINGERPRINT.test(marker.fingerprint)) throw new Error(`not a plan fingerprint: "${marker.fingerprint}"`);
  return `${MARKER_PREFIX}config=${encodeConfig(marker.config)} fingerprint=${marker.fingerprint} -->`;
}

/** The marker on a comment's first line, if it is a plan comment. */
export function parsePlanMarker(body: string): PlanMarker | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  try {
    return { config: decodeURIComponent(match[1] ?? ''), fingerprint: match[2] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * The fingerprint a plan comment carries (what the PR's reviewers saw), for
 * `apply --expect-fingerprint`; only for `config` when given. Undefined for any other comment.
 */
export function extractFingerprint(body: string, config?: string): string | undefined {
  const marker = parsePlanMarker(body);
  if (marker === undefined || (config !== undefined && marker.config !== config)) return undefined;
  return marker.fingerprint;
}

function encodeConfig(config: string): string {
  return encodeURIComponent(config).replace(/%2F/g, '/');
}
