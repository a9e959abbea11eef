import { jsonEqual } from './json-equal.js';
import { excerpt, readPointer } from '../contracts/issues.js';
import type { Lifecycle, LifecycleInvariant } from './schema.js';
import { snapshotPlan } from './snapshot.js';
import { type LifecycleViolation, violation } from './violation.js';

export { checkSnapshot, isSet, knownStates, singleBodyRules } from './snapshot.js';
export type { LifecycleCode, LifecycleViolation } from './violation.js';

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

/** The job's status, as a string (undefined when the job has none). */
export function statusOf(lifecycle: Lifecycle, job: unknown): string | undefined {
  return snapshotPlan(lifecycle).status(job);
}

/** The job object inside a getJob body, per the lifecycle's `envelope`. */
export function jobOf(lifecycle: Lifecycle, body: unknown): unknown {
  return snapshotPlan(lifecycle).job(body);
}

function asOrdered(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
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
  if (jsonEqual(a, b)) return true;
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
    if (!jsonEqual(a, b)) return [violation('lifecycle-append-only', inv.rule, `${inv.path}/${i}`, excerpt(was[i]), now[i], `${inv.path}/${i} changed after it was published`)];
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
      if (b === a && !jsonEqual(readPointer(before, inv.of), readPointer(after, inv.of))) {
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
