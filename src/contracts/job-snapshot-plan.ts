/**
 * What validating a getJob 200 comes down to: the body is one snapshot of a job, so it meets the
 * schema and the lifecycle's single-body rules (a declared state, only-in, required-in,
 * closing-item). A clean body costs one first-error schema pass and one lifecycle pass.
 */
import type { Lifecycle } from '../lifecycle/schema.js';
import { snapshotPlan } from '../lifecycle/snapshot.js';
import type { Validator } from './compile.js';
import { type Issue, OK, toIssues, type ValidationResult } from './issues.js';

/**
 * The single-body lifecycle rules (a declared state, only-in, required-in, closing-item) as
 * issues, or undefined when the body meets them (the common case: nothing is allocated).
 */
function lifecycleIssuesOf(lifecycle: Lifecycle): (body: unknown) => Issue[] | undefined {
  const { checkBody } = snapshotPlan(lifecycle);
  return (body) => {
    // No job object, or no status (the schema may let it out): every rule hangs on the status,
    // so there is nothing to judge. An undeclared one is the only finding worth reading.
    const all = checkBody(body);
    if (all === undefined) return undefined;
    const unknown = all.filter((v) => v.rule === 'unknown-state');
    return (unknown.length > 0 ? unknown : all).map((v) => {
      const pointer = lifecycle.envelope + v.pointer;
      return { pointer, rule: v.rule, expected: v.expected, actual: v.actual, message: `${pointer || '(body)'}: ${v.message} (x-job-lifecycle ${v.rule})` };
    });
  };
}

let cleanPlans = 0;

/**
 * A getJob 200 plan that answers a clean body with one schema pass and one lifecycle pass and
 * leaves every finding to `slow` (the plan itself). Made as its own numbered function: calls
 * from code every provider's plan shares see every provider's validator and cost V8 a lookup
 * each; these see one validator and one lifecycle.
 */
function cleanFirst(validate: Validator | undefined, checkBody: (body: unknown) => unknown, slow: (body: unknown) => ValidationResult): (body: unknown) => ValidationResult {
  const firstError = () => (validate === undefined ? () => true : validate.firstError());
  return new Function(
    'firstError',
    'checkBody',
    'slow',
    'OK',
    `// getJob plan ${++cleanPlans}
    let first;
    return function plan(body) {
      if (first === undefined) first = firstError();
      return first(body) && checkBody(body) === undefined ? OK : slow(body);
    };`,
  )(firstError, checkBody, slow, OK);
}

/** The plan of a getJob 200 whose schema is `validate` (none: any JSON) and lifecycle `lifecycle`. */
export function jobSnapshotPlan(validate: Validator | undefined, lifecycle: Lifecycle): (body: unknown) => ValidationResult {
  const lifecycleIssues = lifecycleIssuesOf(lifecycle);
  const slow = (body: unknown): ValidationResult => {
    // A body with findings (or one cleanFirst could not pass): every issue, schema's first.
    const valid = validate === undefined || validate(body);
    const found = lifecycleIssues(body);
    if (valid) return found === undefined ? OK : { ok: false, issues: found };
    const result = { ok: false as const, issues: toIssues(validate?.errors ?? [], body) };
    if (found === undefined) return result;
    const flagged = new Set(result.issues.map((i) => i.pointer));
    // Every single-body rule hangs on the status: one the schema refuses says it all.
    if (flagged.has(lifecycle.envelope + lifecycle.status)) return result;
    const extra = found.filter((i) => !flagged.has(i.pointer));
    if (extra.length === 0) return result;
    return { ok: false, issues: [...result.issues, ...extra] };
  };
  return cleanFirst(validate, snapshotPlan(lifecycle).checkBody, slow);
}
