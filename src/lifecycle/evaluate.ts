import { isDeepStrictEqual } from 'node:util';
import { excerpt, readPointer } from '../contracts/issues.js';
import type { Lifecycle, LifecycleInvariant } from './schema.js';

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

/**
 * "Set" for only-in / required-in: present, not null, not "", not 0, not an empty array or
 * object. (A service following a schema that marks everything required sends "" and 0 until
 * the field applies.)
 */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const reachability = new WeakMap<Lifecycle, Map<string, Set<string>>>();

/** The states each state can reach through one or more direct transitions. */
function reachable(lifecycle: Lifecycle): Map<string, Set<string>> {
  let table = reachability.get(lifecycle);
  if (table) return table;
  table = new Map();
  for (const start of Object.keys(lifecycle.transitions)) {
    const seen = new Set<string>();
    const queue = [...(lifecycle.transitions[start] ?? [])];
    while (queue.length > 0) {
      const state = queue.shift() as string;
      if (seen.has(state)) continue;
      seen.add(state);
      queue.push(...(lifecycle.transitions[state] ?? []));
    }
    table.set(start, seen);
  }
  reachability.set(lifecycle, table);
  return table;
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

/** The rule names of the single-body rules, as `validateResponse` reports them. */
export const singleBodyRules = ['unknown-state', 'only-in', 'required-in', 'closing-item'] as const;

/** The job's status, as a string (undefined when the job has none). */
export function statusOf(lifecycle: Lifecycle, job: unknown): string | undefined {
  const value = readPointer(job, lifecycle.status);
  return typeof value === 'string' ? value : undefined;
}

/** The job object inside a getJob body, per the lifecycle's `envelope`. */
export function jobOf(lifecycle: Lifecycle, body: unknown): unknown {
  return readPointer(body, lifecycle.envelope);
}

function violation(code: LifecycleCode, rule: string, pointer: string, expected: string, actual: unknown, message: string): LifecycleViolation {
  return { code, rule, pointer, expected, actual: excerpt(actual), message };
}

function asOrdered(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}

function checkOne(lifecycle: Lifecycle, inv: LifecycleInvariant, job: unknown, status: string | undefined): LifecycleViolation[] {
  const value = readPointer(job, inv.path);
  switch (inv.rule) {
    case 'only-in':
      if (isSet(value) && (status === undefined || !inv.states.includes(status))) {
        return [violation('lifecycle-field', inv.rule, inv.path, `unset unless status is ${inv.states.join(' or ')}`, value, `${inv.path} is set while status is ${status}`)];
      }
      return [];
    case 'required-in':
      if (!isSet(value) && status !== undefined && inv.states.includes(status)) {
        return [violation('lifecycle-field', inv.rule, inv.path, `set when status is ${status}`, value, `${inv.path} is not set while status is ${status}`)];
      }
      return [];
    case 'closing-item': {
      if (!Array.isArray(value)) return [];
      const found: number[] = [];
      value.forEach((item, index) => {
        if (readPointer(item, inv.field) === inv.value) found.push(index);
      });
      const out: LifecycleViolation[] = [];
      const terminal = status !== undefined && lifecycle.terminal.includes(status);
      if (found.length > 1) out.push(violation('lifecycle-field', inv.rule, inv.path, `at most one ${inv.value}`, found.length, `${inv.path} has ${found.length} ${inv.value} items`));
      const last = found[found.length - 1];
      if (last !== undefined && last !== value.length - 1) out.push(violation('lifecycle-field', inv.rule, `${inv.path}/${last}`, `${inv.value} last`, value.length - 1, `${inv.value} at ${inv.path}/${last} is not the last item`));
      if (found.length > 0 && !terminal) out.push(violation('lifecycle-field', inv.rule, `${inv.path}/${found[0]}`, `${inv.value} only once terminal`, status, `${inv.value} item while status is ${status}`));
      if (found.length === 0 && terminal && inv.requiredWhenTerminal) out.push(violation('lifecycle-field', inv.rule, inv.path, `a closing ${inv.value} item`, 'none', `terminal job has no ${inv.value} item`));
      return out;
    }
    default:
      return [];
  }
}

/** Rules that hold in any one snapshot: known state, only-in, required-in, closing-item. */
export function checkSnapshot(lifecycle: Lifecycle, job: unknown): LifecycleViolation[] {
  const status = statusOf(lifecycle, job);
  const out: LifecycleViolation[] = [];
  if (status === undefined || !knownStates(lifecycle).has(status)) {
    out.push(violation('lifecycle-transition', 'unknown-state', lifecycle.status, `one of ${[...knownStates(lifecycle)].join(', ')}`, status, `status ${excerpt(status)} is not a state of the lifecycle`));
  }
  for (const inv of snapshotInvariants(lifecycle)) {
    const found = checkOne(lifecycle, inv, job, status);
    if (found.length > 0) out.push(...found);
  }
  return out;
}

// The invariants one snapshot can break (the rest compare two polls), picked once per lifecycle:
// every validated getJob body runs through them.
const snapshotRules = new Set(['only-in', 'required-in', 'closing-item']);
const snapshotSets = new WeakMap<Lifecycle, readonly LifecycleInvariant[]>();
function snapshotInvariants(lifecycle: Lifecycle): readonly LifecycleInvariant[] {
  let found = snapshotSets.get(lifecycle);
  if (!found) {
    found = lifecycle.invariants.filter((inv) => snapshotRules.has(inv.rule));
    snapshotSets.set(lifecycle, found);
  }
  return found;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 date-time as one comparable instant: epoch ms plus the digits past the ms. */
function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]?.toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = (m[3] ?? '').padEnd(3, '0');
  return `${ms + Number(fraction.slice(0, 3))}.${fraction.slice(3).replace(/0+$/, '')}`;
}

/** Equal values; two spellings of the same instant (`…08Z`, `…08.000+00:00`) are equal too. */
function sameValue(a: unknown, b: unknown): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  const [x, y] = [instantOf(a), instantOf(b)];
  return x !== undefined && x === y;
}

/** An item without the `ignore` pointers (a copy; the poll's own object is left alone). */
function withoutIgnored(item: unknown, ignore: readonly string[]): unknown {
  const copy = structuredClone(item);
  for (const pointer of ignore) {
    const parts = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop() as string;
    const parent = readPointer(copy, parts.length ? `/${parts.join('/')}` : '');
    if (typeof parent === 'object' && parent !== null && Object.hasOwn(parent, last)) delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

/** Append-only: with `key`, every item seen before is still there (by key, in any place); else each keeps its place and content. */
function appendOnly(inv: Extract<LifecycleInvariant, { rule: 'append-only' }>, was: unknown, now: unknown): LifecycleViolation[] {
  if (!Array.isArray(was) || was.length === 0) return [];
  if (!Array.isArray(now) || now.length < was.length) {
    return [violation('lifecycle-append-only', inv.rule, inv.path, `at least ${was.length} items`, Array.isArray(now) ? now.length : now, `${inv.path} lost items (${was.length} -> ${Array.isArray(now) ? now.length : 'none'})`)];
  }
  if (inv.key) {
    const keyOf = (item: unknown) => JSON.stringify((inv.key as string[]).map((p) => readPointer(item, p) ?? null));
    const left = new Map<string, number>();
    for (const item of now) left.set(keyOf(item), (left.get(keyOf(item)) ?? 0) + 1);
    for (let i = 0; i < was.length; i++) {
      const key = keyOf(was[i]);
      const count = left.get(key) ?? 0;
      if (count === 0) return [violation('lifecycle-append-only', inv.rule, `${inv.path}/${i}`, `an item with ${inv.key.join(', ')} = ${key}`, 'none', `${inv.path}/${i} (${key}) is gone after it was published`)];
      left.set(key, count - 1);
    }
    return [];
  }
  const ignore = inv.ignore ?? [];
  for (let i = 0; i < was.length; i++) {
    const [a, b] = ignore.length ? [withoutIgnored(was[i], ignore), withoutIgnored(now[i], ignore)] : [was[i], now[i]];
    if (!isDeepStrictEqual(a, b)) return [violation('lifecycle-append-only', inv.rule, `${inv.path}/${i}`, excerpt(was[i]), now[i], `${inv.path}/${i} changed after it was published`)];
  }
  return [];
}

function checkPair(inv: LifecycleInvariant, before: unknown, after: unknown): LifecycleViolation[] {
  const was = readPointer(before, inv.path);
  const now = readPointer(after, inv.path);
  switch (inv.rule) {
    case 'constant':
      if (was !== undefined && !sameValue(was, now)) return [violation('lifecycle-field', inv.rule, inv.path, `unchanged ${excerpt(was)}`, now, `${inv.path} changed from ${excerpt(was)} to ${excerpt(now)}`)];
      return [];
    case 'monotonic': {
      if (was === undefined || was === null) return [];
      const a = asOrdered(was);
      const b = asOrdered(now);
      if (a === undefined) return [];
      if (b === undefined || b < a) return [violation('lifecycle-monotonic', inv.rule, inv.path, `>= ${excerpt(was)}`, now, `${inv.path} went back from ${excerpt(was)} to ${excerpt(now)}`)];
      return [];
    }
    case 'cursor': {
      const a = asOrdered(was);
      const b = asOrdered(now);
      if (a === undefined) return [];
      if (b === undefined || b < a) return [violation('lifecycle-monotonic', inv.rule, inv.path, `>= ${a}`, now, `cursor ${inv.path} went back from ${a} to ${excerpt(now)}`)];
      if (b === a && !isDeepStrictEqual(readPointer(before, inv.of), readPointer(after, inv.of))) {
        return [violation('lifecycle-monotonic', inv.rule, inv.path, `> ${a} when ${inv.of} changes`, now, `${inv.of} changed but cursor ${inv.path} stayed ${a}`)];
      }
      return [];
    }
    case 'append-only':
      return appendOnly(inv, was, now);
    default:
      return [];
  }
}

/**
 * Rules between two polls of the same job: legal transition (any state reachable through the
 * declared transitions, since polls sample), terminal final, constant, monotonic, cursor,
 * append-only. With `direct`, only declared direct transitions count (for scenario steps).
 */
export function checkTransition(lifecycle: Lifecycle, before: unknown, after: unknown, options: { direct?: boolean } = {}): LifecycleViolation[] {
  const out: LifecycleViolation[] = [];
  const from = statusOf(lifecycle, before);
  const to = statusOf(lifecycle, after);
  if (from !== undefined && to !== undefined && from !== to) {
    if (lifecycle.terminal.includes(from)) {
      out.push(violation('lifecycle-terminal-changed', 'terminal', lifecycle.status, `${from} (terminal)`, to, `status changed from terminal ${from} to ${to}`));
    } else {
      const allowed = options.direct ? new Set(lifecycle.transitions[from] ?? []) : (reachable(lifecycle).get(from) ?? new Set<string>());
      if (!allowed.has(to)) {
        out.push(violation('lifecycle-transition', 'transition', lifecycle.status, `${from} -> one of ${[...allowed].join(', ') || '(none)'}`, to, `illegal transition ${from} -> ${to}`));
      }
    }
  }
  for (const inv of lifecycle.invariants) out.push(...checkPair(inv, before, after));
  return out;
}
