// PostHog's real rate limits, for the emulator's `--rate-limit posthog` and tests.
import { perMinute, type RateLimitOptions, type SlidingLogOptions } from '../rate-limit.ts';

/*
 * PostHog: 480 requests/minute (burst) and 4,800/hour (sustained) per personal API key, 429 with
 * `Retry-After: <int seconds>`, no X-RateLimit-* headers (api/posthog.md §9). They are DRF
 * throttles, i.e. sliding logs: POSTHOG_SLIDING_LIMIT mimics them.
 */

/** PostHog's burst limit per personal API key, as a bucket (the older, approximate model). */
export const POSTHOG_RATE_LIMIT: RateLimitOptions = perMinute(480);

/** PostHog's real throttles: `BurstRateThrottle` 480/minute and `SustainedRateThrottle` 4800/hour. */
export const POSTHOG_SLIDING_LIMIT: SlidingLogOptions = { sliding: [{ requests: 480, perSeconds: 60 }, { requests: 4800, perSeconds: 3600 }] };
