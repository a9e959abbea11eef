/**
 * Faults a response can carry: from a scenario step (while that step is current, getJob
 * answers the fault) or per request with `Prefer: fault=<kind>`.
 */
export const faultKinds = ['latency', '500', '502', '503', '429', 'truncate', 'invalid-json', 'reset'] as const;

/** A fault kind, as written in scenarios and in `Prefer: fault=<kind>`. */
export type FaultKind = (typeof faultKinds)[number];

/** A fault with its parameters. */
export interface Fault {
  kind: FaultKind;
  /** latency: fixed delay in ms (default 1000). */
  ms?: number;
  /** latency: extra random delay up to this many ms, seeded (default 0). */
  jitterMs?: number;
  /** 429: seconds for Retry-After (default 1). */
  retryAfter?: number;
}

/** True when `value` names a fault kind. */
export function isFaultKind(value: string): value is FaultKind {
  return (faultKinds as readonly string[]).includes(value);
}
