import { excerpt, pointerReader } from '../contracts/issues.js';
import type { Lifecycle, LifecycleInvariant } from './schema.js';
import { type LifecycleViolation, violation } from './violation.js';

/**
 * "Set" for only-in / required-in: present, not null, not "", not 0, not an empty array or
 * object. (A service following a schema that marks everything required sends "" and 0 until
 * the field applies.)
 */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    // Object.keys(value).length > 0 without building the key list: one own enumerable key will do.
    for (const key in value) if (Object.hasOwn(value, key)) return true;
    return false;
  }
  return true;
}

/** The rule names of the single-body rules, as `validateResponse` reports them. */
export const singleBodyRules = ['unknown-state', 'only-in', 'required-in', 'closing-item'] as const;

/** One single-body rule, for one kind of status: appends what it finds to `out` (made on the first finding). */
type Check = (job: unknown, status: string | undefined, out: LifecycleViolation[] | undefined) => LifecycleViolation[] | undefined;

/** What a snapshot in one status is checked against: whether the status is a state, and the rules that apply in it. */
interface StatusRules {
  known: boolean;
  checks: readonly Check[];
}

/**
 * A lifecycle's single-body rules, compiled once: its pointers split once, and for each status
 * the rules that can fire in it, in declaration order. A clean snapshot allocates nothing.
 */
export interface SnapshotPlan {
  /** The job object inside a getJob body (the `envelope`). */
  job(body: unknown): unknown;
  /** The job's status when it is a string. */
  status(job: unknown): string | undefined;
  /** The single-body violations of a job, or undefined when there are none. */
  check(job: unknown): LifecycleViolation[] | undefined;
}

const stateSets = new WeakMap<Lifecycle, Set<string>>();

/** Every state the lifecycle names. */
export function knownStates(lifecycle: Lifecycle): Set<string> {
  let states = stateSets.get(lifecycle);
  if (states) return states;
  states = new Set([...lifecycle.initial, ...lifecycle.terminal, ...Object.keys(lifecycle.transitions)]);
  for (const targets of Object.values(lifecycle.transitions)) for (const t of targets) states.add(t);
  stateSets.set(lifecycle, states);
  return states;
}

/**
 * The check of `inv` for a status that is `status` (undefined: any status the lifecycle's rules
 * never name, or none), or undefined when the rule cannot fire in it.
 */
function checkFor(lifecycle: Lifecycle, inv: LifecycleInvariant, status: string | undefined): Check | undefined {
  const read = pointerReader(inv.path);
  switch (inv.rule) {
    case 'only-in':
      if (status !== undefined && inv.states.includes(status)) return undefined;
      return (job, at, out) => {
        const value = read(job);
        if (!isSet(value)) return out;
        (out ??= []).push(violation('lifecycle-field', inv.rule, inv.path, `unset unless status is ${inv.states.join(' or ')}`, value, `${inv.path} is set while status is ${at}`));
        return out;
      };
    case 'required-in':
      if (status === undefined || !inv.states.includes(status)) return undefined;
      return (job, at, out) => {
        const value = read(job);
        if (isSet(value)) return out;
        (out ??= []).push(violation('lifecycle-field', inv.rule, inv.path, `set when status is ${at}`, value, `${inv.path} is not set while status is ${at}`));
        return out;
      };
    case 'closing-item': {
      const readField = pointerReader(inv.field);
      const terminal = status !== undefined && lifecycle.terminal.includes(status);
      return (job, at, out) => {
        const value = read(job);
        if (!Array.isArray(value)) return out;
        // The closing items' count, first and last place: all the rule reads of them.
        let count = 0;
        let first = -1;
        let last = -1;
        for (let index = 0; index < value.length; index++) {
          if (readField(value[index]) !== inv.value) continue;
          if (count++ === 0) first = index;
          last = index;
        }
        if (count > 1) (out ??= []).push(violation('lifecycle-field', inv.rule, inv.path, `at most one ${inv.value}`, count, `${inv.path} has ${count} ${inv.value} items`));
        if (count > 0 && last !== value.length - 1) (out ??= []).push(violation('lifecycle-field', inv.rule, `${inv.path}/${last}`, `${inv.value} last`, value.length - 1, `${inv.value} at ${inv.path}/${last} is not the last item`));
        if (count > 0 && !terminal) (out ??= []).push(violation('lifecycle-field', inv.rule, `${inv.path}/${first}`, `${inv.value} only once terminal`, at, `${inv.value} item while status is ${at}`));
        if (count === 0 && terminal && inv.requiredWhenTerminal) (out ??= []).push(violation('lifecycle-field', inv.rule, inv.path, `a closing ${inv.value} item`, 'none', `terminal job has no ${inv.value} item`));
        return out;
      };
    }
    default:
      // constant, monotonic, cursor, append-only compare two polls: nothing to check in one.
      return undefined;
  }
}

function rulesFor(lifecycle: Lifecycle, status: string | undefined, known: boolean): StatusRules {
  const checks: Check[] = [];
  for (const inv of lifecycle.invariants) {
    const check = checkFor(lifecycle, inv, status);
    if (check) checks.push(check);
  }
  return { known, checks };
}

function compile(lifecycle: Lifecycle): SnapshotPlan {
  const states = knownStates(lifecycle);
  const expectedStates = `one of ${[...states].join(', ')}`;
  // Every status a rule tells apart from the rest; any other string is judged like no status.
  const named = new Set([...states, ...lifecycle.terminal]);
  for (const inv of lifecycle.invariants) if (inv.rule === 'only-in' || inv.rule === 'required-in') for (const s of inv.states) named.add(s);
  const byStatus = new Map<string, StatusRules>();
  for (const status of named) byStatus.set(status, rulesFor(lifecycle, status, states.has(status)));
  const other = rulesFor(lifecycle, undefined, false);
  const readJob = pointerReader(lifecycle.envelope);
  const readStatus = pointerReader(lifecycle.status);
  const status = (job: unknown): string | undefined => {
    const value = readStatus(job);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    job: readJob,
    status,
    check(job) {
      const at = status(job);
      const rules = (at === undefined ? undefined : byStatus.get(at)) ?? other;
      let out: LifecycleViolation[] | undefined;
      if (!rules.known) {
        out = [violation('lifecycle-transition', 'unknown-state', lifecycle.status, expectedStates, at, `status ${excerpt(at)} is not a state of the lifecycle`)];
      }
      const checks = rules.checks;
      for (let i = 0; i < checks.length; i++) out = (checks[i] as Check)(job, at, out);
      return out;
    },
  };
}

const plans = new WeakMap<Lifecycle, SnapshotPlan>();

/** The lifecycle's compiled single-body rules (compiled on first use, then kept with it). */
export function snapshotPlan(lifecycle: Lifecycle): SnapshotPlan {
  let plan = plans.get(lifecycle);
  if (!plan) plans.set(lifecycle, (plan = compile(lifecycle)));
  return plan;
}

/** Rules that hold in any one snapshot: known state, only-in, required-in, closing-item. */
export function checkSnapshot(lifecycle: Lifecycle, job: unknown): LifecycleViolation[] {
  return snapshotPlan(lifecycle).check(job) ?? [];
}
