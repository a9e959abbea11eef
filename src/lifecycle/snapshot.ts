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

type Reader = (root: unknown) => unknown;
type Found = LifecycleViolation[] | undefined;

/**
 * One single-body invariant as the compiled code uses it. A field rule (only-in, required-in)
 * applies in the statuses `appliesIn` says, reads one value and fires when its set-ness is
 * `firesWhenSet`; `report` then adds its violation to `out` (made on the first one). A
 * closing-item rule scans a list in any status, told whether the status is terminal.
 */
type Rule =
  | { kind: 'field'; appliesIn: (status: string | undefined) => boolean; read: Reader; firesWhenSet: boolean; report: (value: unknown, status: string | undefined, out: Found) => LifecycleViolation[] }
  | { kind: 'scan'; report: (job: unknown, status: string | undefined, out: Found, terminal: boolean) => Found };

/**
 * A lifecycle's single-body rules, compiled once: its pointers split once, and for each status
 * the rules that can fire in it, in declaration order. A clean snapshot allocates nothing.
 */
export interface SnapshotPlan {
  /** The job object inside a getJob body (the `envelope`). */
  job(body: unknown): unknown;
  /** The job's status when it is a string. */
  status(job: unknown): string | undefined;
  /** The single-body violations of a job whose status is `status` (as `status(job)` reads it), or undefined when there are none. */
  check(job: unknown, status: string | undefined): Found;
  /**
   * For a getJob body: the violations of its job, or undefined when there are none, or no job
   * object, or no status to judge it by (every rule hangs on the status).
   */
  checkBody(body: unknown): Found;
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

/** The rule `inv` in compiled form, or undefined when one snapshot cannot break it. */
function ruleOf(inv: LifecycleInvariant, read: Reader): Rule | undefined {
  switch (inv.rule) {
    case 'only-in':
      return {
        kind: 'field',
        appliesIn: (status) => status === undefined || !inv.states.includes(status),
        read,
        firesWhenSet: true,
        report: (value, at, out) => push(out, violation('lifecycle-field', inv.rule, inv.path, `unset unless status is ${inv.states.join(' or ')}`, value, `${inv.path} is set while status is ${at}`)),
      };
    case 'required-in':
      return {
        kind: 'field',
        appliesIn: (status) => status !== undefined && inv.states.includes(status),
        read,
        firesWhenSet: false,
        report: (value, at, out) => push(out, violation('lifecycle-field', inv.rule, inv.path, `set when status is ${at}`, value, `${inv.path} is not set while status is ${at}`)),
      };
    case 'closing-item': {
      const readField = pointerReader(inv.field);
      const report = (job: unknown, at: string | undefined, out: Found, terminal: boolean): Found => {
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
        if (count > 1) out = push(out, violation('lifecycle-field', inv.rule, inv.path, `at most one ${inv.value}`, count, `${inv.path} has ${count} ${inv.value} items`));
        if (count > 0 && last !== value.length - 1) out = push(out, violation('lifecycle-field', inv.rule, `${inv.path}/${last}`, `${inv.value} last`, value.length - 1, `${inv.value} at ${inv.path}/${last} is not the last item`));
        if (count > 0 && !terminal) out = push(out, violation('lifecycle-field', inv.rule, `${inv.path}/${first}`, `${inv.value} only once terminal`, at, `${inv.value} item while status is ${at}`));
        if (count === 0 && terminal && inv.requiredWhenTerminal) out = push(out, violation('lifecycle-field', inv.rule, inv.path, `a closing ${inv.value} item`, 'none', `terminal job has no ${inv.value} item`));
        return out;
      };
      return { kind: 'scan', report };
    }
    default:
      // constant, monotonic, cursor, append-only compare two polls: nothing to check in one.
      return undefined;
  }
}

function push(out: Found, found: LifecycleViolation): LifecycleViolation[] {
  if (out === undefined) return [found];
  out.push(found);
  return out;
}

/** How many lifecycles were compiled: each gets a source of its own (see below). */
let compiled = 0;

/**
 * The lifecycle's single-body rules as generated code: one `check(job, at)` that picks the
 * rules of the status with one Map lookup (statuses with the same rules share a case) and runs
 * them in declaration order, a line each, e.g.
 * `v = read0(job); if (isSet(v)) out = report0(v, at, out);`; and `checkBody(body)` that finds
 * the job and its status first. The code holds no text of the spec, only indices. Its point:
 * every call site in it sees one function, so V8 inlines the readers and isSet, where shared
 * closures would call through sites that every provider's rules go through.
 */
function compile(lifecycle: Lifecycle): SnapshotPlan {
  const states = knownStates(lifecycle);
  const expectedStates = `one of ${[...states].join(', ')}`;
  const names = ['isSet', 'readJob', 'readStatus', 'caseOf', 'unknown'];
  const readJob = pointerReader(lifecycle.envelope);
  const readStatus = pointerReader(lifecycle.status);
  const caseOf = new Map<string, number>();
  const unknown = (at: string | undefined): Found => [violation('lifecycle-transition', 'unknown-state', lifecycle.status, expectedStates, at, `status ${excerpt(at)} is not a state of the lifecycle`)];
  const values: unknown[] = [isSet, readJob, readStatus, caseOf, unknown];
  const rules = lifecycle.invariants.map((inv, i) => {
    const rule = ruleOf(inv, pointerReader(inv.path));
    if (rule) names.push(`read${i}`, `report${i}`);
    if (rule) values.push(rule.kind === 'field' ? rule.read : undefined, rule.report);
    return rule;
  });
  /** The code for a status (undefined: any status the lifecycle never names, or none). */
  const codeFor = (status: string | undefined): string => {
    const lines = status !== undefined && states.has(status) ? [] : ['out = unknown(at);'];
    rules.forEach((rule, i) => {
      if (rule?.kind === 'scan') lines.push(`out = report${i}(job, at, out, ${status !== undefined && lifecycle.terminal.includes(status)});`);
      else if (rule?.kind === 'field' && rule.appliesIn(status)) lines.push(`v = read${i}(job); if (${rule.firesWhenSet ? '' : '!'}isSet(v)) out = report${i}(v, at, out);`);
    });
    return lines.join('\n      ');
  };
  // Every status a rule tells apart from the rest; any other string is judged like no status.
  const named = new Set([...states, ...lifecycle.terminal]);
  for (const inv of lifecycle.invariants) if (inv.rule === 'only-in' || inv.rule === 'required-in') for (const s of inv.states) named.add(s);
  const cases: string[] = [];
  for (const status of named) {
    const code = codeFor(status);
    let index = cases.indexOf(code);
    if (index === -1) index = cases.push(code) - 1;
    caseOf.set(status, index);
  }
  // Numbered, as pointerReader's: one lifecycle's code must not share V8's caches with another's.
  const source = `// lifecycle ${++compiled}
  function check(job, at) {
    let v, out;
    switch (at === undefined ? undefined : caseOf.get(at)) {
${cases.map((code, i) => `    case ${i}:\n      ${code}\n      return out;`).join('\n')}
    default:
      ${codeFor(undefined)}
      return out;
    }
  }
  function checkBody(body) {
    const job = readJob(body);
    if (typeof job !== 'object' || job === null || Array.isArray(job)) return undefined;
    const at = readStatus(job);
    return typeof at === 'string' ? check(job, at) : undefined;
  }
  return { check, checkBody };`;
  const { check, checkBody } = new Function(...names, source)(...values) as Pick<SnapshotPlan, 'check' | 'checkBody'>;
  return {
    job: readJob,
    status: (job) => {
      const value = readStatus(job);
      return typeof value === 'string' ? value : undefined;
    },
    check,
    checkBody,
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
  const plan = snapshotPlan(lifecycle);
  return plan.check(job, plan.status(job)) ?? [];
}
