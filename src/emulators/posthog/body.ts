// PostHog emulator: reading a request body as DRF's parsers do (JSON or form fields).
import type { EmulatorRequest } from '../types.ts';
import { parseError, unsupportedMediaType } from './errors.ts';

/**
 * `request.data` as DRF's parsers produce it: JSON, or form fields (last value wins); an empty
 * body is an empty dict. Throws 400 `parse_error` or 415 like DRF.
 */
export function requestData(request: EmulatorRequest): unknown {
  if (request.rawBody.trim() === '') return {};
  const header = request.headers['content-type'] ?? '';
  const mediaType = header.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    if (request.body !== undefined) return request.body;
    try {
      return JSON.parse(request.rawBody);
    } catch (error) {
      throw parseError(error instanceof Error ? error.message : String(error));
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(request.rawBody));
  throw unsupportedMediaType(header);
}

/** The body for credential lookup only: never throws, undefined when unreadable. */
export function requestDataQuietly(request: EmulatorRequest): unknown {
  try {
    return requestData(request);
  } catch {
    return undefined;
  }
}
