import { faultKinds, isFaultKind } from './fault.js';

/** Most requests carry no Prefer header: they share this one empty map. */
const NO_PREFERENCES: ReadonlyMap<string, string> = new Map();

/** Reads `Prefer: scenario=<name>, fault=<kind>` (RFC 7240 tokens; values may be quoted). */
export function readPrefer(header: string | null): ReadonlyMap<string, string> {
  if (!header) return NO_PREFERENCES;
  const out = new Map<string, string>();
  for (const part of header.split(/[,;]/)) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
    if (m) out.set((m[1] as string).toLowerCase(), m[2] as string);
  }
  return out;
}

/** The longest Retry-After a client may ask for: a day, in seconds. */
export const MAX_RETRY_AFTER = 86_400;

/** Why the mock cannot honour a Prefer header: answered with the provider's validation error. */
export interface PreferProblem {
  kind: 'validation';
  field: 'Prefer';
  message: string;
}

/**
 * The first Prefer preference the mock cannot honour, or undefined. A fault kind it does not
 * know, or a Retry-After that is not a whole number of seconds, would otherwise be ignored
 * (a normal 200) or sent on as `Retry-After: NaN`: the client asked for something it did not get.
 */
export function checkPrefer(prefer: ReadonlyMap<string, string>): PreferProblem | undefined {
  const problem = (message: string): PreferProblem => ({ kind: 'validation', field: 'Prefer', message });
  const fault = prefer.get('fault');
  if (fault !== undefined && !isFaultKind(fault)) {
    return problem(`Prefer fault=${fault.slice(0, 40)} is not a fault kind. Known kinds: ${faultKinds.join(', ')}.`);
  }
  const retryAfter = prefer.get('retry-after');
  if (retryAfter !== undefined && (!/^\d{1,6}$/.test(retryAfter) || Number(retryAfter) > MAX_RETRY_AFTER)) {
    return problem(`Prefer retry-after=${retryAfter.slice(0, 40)} must be a whole number of seconds from 0 to ${MAX_RETRY_AFTER}.`);
  }
  return undefined;
}
