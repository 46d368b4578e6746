// Anthropic's real Admin API rate limit, for tests and the sandbox help.
import { perMinute, type RateLimitOptions } from '../rate-limit.ts';

/*
 * Anthropic Admin API: 100 requests/minute per organization, shared by all admin keys; invite
 * creation on Enterprise counts against 1,200/hour instead (api/anthropic.md §8). The emulator
 * limits per credential; with one key per org that is the same thing.
 */

/** Anthropic's Admin API limit per organization. */
export const ANTHROPIC_RATE_LIMIT: RateLimitOptions = perMinute(100);
