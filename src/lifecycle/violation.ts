import { excerpt } from '../contracts/issues.js';

/** The lifecycle finding codes, as the contract check reports them. */
export type LifecycleCode =
  | 'lifecycle-transition'
  | 'lifecycle-terminal-changed'
  | 'lifecycle-monotonic'
  | 'lifecycle-append-only'
  | 'lifecycle-field';

/** One way a job broke its lifecycle, in one snapshot or between two polls. */
export interface LifecycleViolation {
  code: LifecycleCode;
  /** The invariant's rule, or `transition` / `terminal` / `unknown-state`. */
  rule: string;
  pointer: string;
  expected: string;
  actual: string;
  message: string;
}

export function violation(code: LifecycleCode, rule: string, pointer: string, expected: string, actual: unknown, message: string): LifecycleViolation {
  return { code, rule, pointer, expected, actual: excerpt(actual), message };
}
