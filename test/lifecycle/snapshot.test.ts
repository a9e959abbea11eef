/**
 * The compiled single-body rules (generated code, one Map lookup per status) against a plain
 * reading of the rules as the README states them: for any job, the same violations in the same
 * order with the same texts. And the generated pointer readers against `readPointer`.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { excerpt, pointerReader, readPointer } from '../../src/contracts/issues.js';
import { packageRoot } from '../../src/contracts/package-root.js';
import { loadSpec } from '../../src/contracts/spec.js';
import { checkSnapshot, isSet, jobOf, statusOf, type LifecycleViolation } from '../../src/lifecycle/evaluate.js';
import type { Lifecycle, LifecycleInvariant } from '../../src/lifecycle/schema.js';
import { snapshotPlan } from '../../src/lifecycle/snapshot.js';
import { providerIds } from '../../src/providers/ids.js';

/** The rules read plainly, one invariant at a time (the shape of the code before it was compiled). */
function reference(lifecycle: Lifecycle, job: unknown): LifecycleViolation[] {
  const value = readPointer(job, lifecycle.status);
  const status = typeof value === 'string' ? value : undefined;
  const states = new Set([...lifecycle.initial, ...lifecycle.terminal, ...Object.keys(lifecycle.transitions), ...Object.values(lifecycle.transitions).flat()]);
  const v = (code: LifecycleViolation['code'], rule: string, pointer: string, expected: string, actual: unknown, message: string): LifecycleViolation => ({ code, rule, pointer, expected, actual: excerpt(actual), message });
  const out: LifecycleViolation[] = [];
  if (status === undefined || !states.has(status)) out.push(v('lifecycle-transition', 'unknown-state', lifecycle.status, `one of ${[...states].join(', ')}`, status, `status ${excerpt(status)} is not a state of the lifecycle`));
  for (const inv of lifecycle.invariants) {
    const at = readPointer(job, inv.path);
    if (inv.rule === 'only-in' && isSet(at) && (status === undefined || !inv.states.includes(status))) {
      out.push(v('lifecycle-field', inv.rule, inv.path, `unset unless status is ${inv.states.join(' or ')}`, at, `${inv.path} is set while status is ${status}`));
    }
    if (inv.rule === 'required-in' && !isSet(at) && status !== undefined && inv.states.includes(status)) {
      out.push(v('lifecycle-field', inv.rule, inv.path, `set when status is ${status}`, at, `${inv.path} is not set while status is ${status}`));
    }
    if (inv.rule === 'closing-item' && Array.isArray(at)) {
      const found = at.flatMap((item, index) => (readPointer(item, inv.field) === inv.value ? [index] : []));
      const terminal = status !== undefined && lifecycle.terminal.includes(status);
      const last = found[found.length - 1];
      if (found.length > 1) out.push(v('lifecycle-field', inv.rule, inv.path, `at most one ${inv.value}`, found.length, `${inv.path} has ${found.length} ${inv.value} items`));
      if (last !== undefined && last !== at.length - 1) out.push(v('lifecycle-field', inv.rule, `${inv.path}/${last}`, `${inv.value} last`, at.length - 1, `${inv.value} at ${inv.path}/${last} is not the last item`));
      if (found.length > 0 && !terminal) out.push(v('lifecycle-field', inv.rule, `${inv.path}/${found[0]}`, `${inv.value} only once terminal`, status, `${inv.value} item while status is ${status}`));
      if (found.length === 0 && terminal && inv.requiredWhenTerminal) out.push(v('lifecycle-field', inv.rule, inv.path, `a closing ${inv.value} item`, 'none', `terminal job has no ${inv.value} item`));
    }
  }
  return out;
}

/** Sets a pointer's value, making the objects on the way (a pointer of a job, never '' here). */
function put(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let at = root;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  if (value !== undefined) at[keys[keys.length - 1] as string] = value;
}

const fieldValue = fc.constantFrom<unknown>(undefined, null, '', 0, -0, 'x', 1, false, [], [1], {}, { a: 1 });
const item = (value: string) => fc.oneof(fc.constant({ type: value }), fc.constant({ type: 'LOG' }), fc.constant({ kind: value }), fc.constant(null), fc.constant(value));

/** Jobs in any status (declared, named by a rule only, unknown, missing, not a string) with any set-ness of each rule's field. */
function jobs(lifecycle: Lifecycle): fc.Arbitrary<Record<string, unknown>> {
  const named = [...lifecycle.initial, ...lifecycle.terminal, ...Object.keys(lifecycle.transitions)];
  for (const inv of lifecycle.invariants) if (inv.rule === 'only-in' || inv.rule === 'required-in') named.push(...inv.states);
  const status = fc.oneof(fc.constantFrom(...named), fc.constantFrom<unknown>(undefined, 'weird', 'constructor', '__proto__', 7, null));
  const single = lifecycle.invariants.filter((inv): inv is Extract<LifecycleInvariant, { rule: 'only-in' | 'required-in' | 'closing-item' }> => ['only-in', 'required-in', 'closing-item'].includes(inv.rule));
  const values = single.map((inv) => (inv.rule === 'closing-item' ? fc.oneof(fc.array(item(inv.value), { maxLength: 4 }), fieldValue) : fieldValue));
  return fc.tuple(status, fc.tuple(...values)).map(([s, vs]) => {
    const job: Record<string, unknown> = {};
    single.forEach((inv, i) => put(job, inv.path, vs[i]));
    put(job, lifecycle.status, s);
    return job;
  });
}

const own: Lifecycle = {
  envelope: '/job',
  status: '/state',
  initial: ['queued'],
  terminal: ['done', 'failed'],
  transitions: { queued: ['running', 'failed'], running: ['done', 'failed'] },
  invariants: [
    { rule: 'constant', path: '/id' },
    { rule: 'only-in', path: '/result', states: ['done'] },
    // A state only a rule names (not declared): still unknown, and the rule still applies.
    { rule: 'required-in', path: '/error/message', states: ['failed', 'lost'] },
    { rule: 'closing-item', path: '/events', field: '/type', value: 'END', requiredWhenTerminal: true },
    { rule: 'only-in', path: '/a~1b', states: ['running'] },
  ],
};
const lifecycles: Array<[string, Lifecycle]> = [['a lifecycle of every rule', own], ...providerIds.map((p): [string, Lifecycle] => [p, loadSpec(p, join(packageRoot(), 'specs')).lifecycle])];

describe('the compiled single-body rules', () => {
  it.each(lifecycles)('find what the rules read plainly find, in order and in the same words (%s)', (_name, lifecycle) => {
    fc.assert(
      fc.property(jobs(lifecycle), (job) => {
        expect(checkSnapshot(lifecycle, job)).toEqual(reference(lifecycle, job));
      }),
      { numRuns: 400 },
    );
  });

  it.each(lifecycles)('judge a getJob body by its job, and nothing without a job object or a string status (%s)', (_name, lifecycle) => {
    const plan = snapshotPlan(lifecycle);
    fc.assert(
      fc.property(jobs(lifecycle), fc.constantFrom('object', 'array', 'null', 'missing'), (job, shape) => {
        const inner = shape === 'object' ? job : shape === 'array' ? [job] : shape === 'null' ? null : undefined;
        const body: Record<string, unknown> = {};
        if (lifecycle.envelope === '') {
          if (shape !== 'object') return; // the body is the job: there is no other shape to try
        } else if (inner !== undefined) put(body, lifecycle.envelope, inner);
        const root = lifecycle.envelope === '' ? job : body;
        const found = reference(lifecycle, job);
        const judged = shape === 'object' && statusOf(lifecycle, job) !== undefined && found.length > 0;
        expect(plan.checkBody(root)).toEqual(judged ? found : undefined);
        if (shape === 'object') expect(jobOf(lifecycle, root)).toBe(job);
      }),
      { numRuns: 200 },
    );
  });

  it('allocate nothing for a clean job: the answer is undefined, not an empty list', () => {
    const plan = snapshotPlan(own);
    const job = { state: 'running', events: [{ type: 'LOG' }] };
    expect(plan.check(job, 'running')).toBeUndefined();
    // The public door still hands out a list of its own, which a caller may add to.
    const list = checkSnapshot(own, job);
    list.push(reference(own, { state: 'weird' })[0] as LifecycleViolation);
    expect(checkSnapshot(own, job)).toEqual([]);
  });
});

class WithGetter {
  declare own: number;
  constructor() {
    this.own = 1;
  }
  get status(): string {
    return 'inherited';
  }
}

describe('pointerReader', () => {
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { status: 'x', nested: { a: 1 } });
  const roots: Array<[string, unknown]> = [
    ['a parsed body with own __proto__ and constructor', JSON.parse('{"__proto__":{"a":1},"constructor":5,"a/b":{"m~n":2},"list":[{"type":"END"}],"status":"s"}')],
    ['a plain body', { job: { status: 'running', metadata: { error: null } }, status: 0, length: 3 }],
    ['an array', [{ type: 'a' }, 'b']],
    ['a null-prototype object', nullProto],
    ['a class instance (a getter on its prototype)', new WithGetter()],
    ['a string', 'text'],
    ['null', null],
    ['undefined', undefined],
  ];
  const pointers = ['', '/status', '/__proto__', '/__proto__/a', '/constructor', '/toString', '/hasOwnProperty', '/length', '/0', '/0/type', '/1', '/a~1b/m~0n', '/list/0/type', '/job/status', '/job/metadata/error', '/nested/a', '/own', '/missing/deeper'];

  it.each(roots)('reads exactly what readPointer reads: own members only (%s)', (_name, root) => {
    for (const pointer of pointers) expect(pointerReader(pointer)(root), pointer).toBe(readPointer(root, pointer));
  });

  it('does not read a member a polluted Object.prototype holds, made before or after the pollution', () => {
    const before = pointerReader('/job/status');
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.status = 'polluted';
      proto.job = { status: 'polluted' };
      const after = pointerReader('/job/status');
      for (const root of [{}, { job: {} }, [], { job: [] }]) {
        expect(before(root)).toBeUndefined();
        expect(after(root)).toBeUndefined();
      }
      expect(before({ job: { status: 'own' } })).toBe('own');
    } finally {
      delete proto.status;
      delete proto.job;
    }
  });

  it('puts a pointer into its code only as data', () => {
    const key = "x'];globalThis.pwned=1;//\u2028\"`${1}`~";
    const pointer = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    expect(pointerReader(pointer)({ [key]: 5 })).toBe(5);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
