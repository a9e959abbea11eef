import { describe, expect, it } from 'vitest';
import { checkSnapshot, checkTransition, isSet } from '../../src/lifecycle/evaluate.js';
import type { Lifecycle } from '../../src/lifecycle/schema.js';

const lifecycle: Lifecycle = {
  envelope: '/job',
  status: '/status',
  initial: ['queued'],
  terminal: ['done', 'failed'],
  transitions: { queued: ['running', 'failed'], running: ['done', 'failed'] },
  invariants: [
    { rule: 'constant', path: '/id' },
    { rule: 'monotonic', path: '/progress' },
    { rule: 'monotonic', path: '/updatedAt' },
    { rule: 'cursor', path: '/latest/seq', of: '/latest' },
    { rule: 'append-only', path: '/history' },
    { rule: 'only-in', path: '/result', states: ['done'] },
    { rule: 'required-in', path: '/error', states: ['failed'] },
    { rule: 'closing-item', path: '/events', field: '/type', value: 'END', requiredWhenTerminal: true },
  ],
};

const base = { id: 'a', status: 'running', progress: 0.5, updatedAt: '2026-01-01T00:00:01Z', latest: { seq: 2, m: 'x' }, history: [1, 2], result: null, error: null, events: [{ type: 'LOG' }] };

describe('checkSnapshot', () => {
  const cases: Array<[string, { given: Record<string, unknown>; want: Array<[string, string]> }]> = [
    ['a clean running job', { given: base, want: [] }],
    ['unknown state', { given: { ...base, status: 'weird' }, want: [['unknown-state', '/status']] }],
    ['result outside done', { given: { ...base, result: { a: 1 } }, want: [['only-in', '/result']] }],
    ['empty result is unset', { given: { ...base, result: [] }, want: [] }],
    ['failed without error', { given: { ...base, status: 'failed', events: [{ type: 'END' }] }, want: [['required-in', '/error']] }],
    ['END before terminal', { given: { ...base, events: [{ type: 'END' }] }, want: [['closing-item', '/events/0']] }],
    ['END not last', { given: { ...base, status: 'done', events: [{ type: 'END' }, { type: 'LOG' }] }, want: [['closing-item', '/events/0']] }],
    ['terminal without END', { given: { ...base, status: 'done', events: [] }, want: [['closing-item', '/events']] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const found = checkSnapshot(lifecycle, given).map((v) => [v.rule, v.pointer]);
    expect(found).toEqual(want);
  });
});

describe('checkTransition', () => {
  const cases: Array<[string, { before: Record<string, unknown>; after: Record<string, unknown>; direct?: boolean; want: Array<[string, string]> }]> = [
    ['same state', { before: base, after: base, want: [] }],
    ['reachable skip queued -> done', { before: { ...base, status: 'queued' }, after: { ...base, status: 'done' }, want: [] }],
    ['the skip is not direct', { before: { ...base, status: 'queued' }, after: { ...base, status: 'done' }, direct: true, want: [['lifecycle-transition', 'transition']] }],
    ['backwards', { before: base, after: { ...base, status: 'queued' }, want: [['lifecycle-transition', 'transition']] }],
    ['terminal changed', { before: { ...base, status: 'done' }, after: { ...base, status: 'failed' }, want: [['lifecycle-terminal-changed', 'terminal']] }],
    ['id changed', { before: base, after: { ...base, id: 'b' }, want: [['lifecycle-field', 'constant']] }],
    ['progress dropped', { before: base, after: { ...base, progress: 0.4 }, want: [['lifecycle-monotonic', 'monotonic']] }],
    ['time went back', { before: base, after: { ...base, updatedAt: '2025-12-31T23:59:59Z' }, want: [['lifecycle-monotonic', 'monotonic']] }],
    ['cursor stuck while event changed', { before: base, after: { ...base, latest: { seq: 2, m: 'y' } }, want: [['lifecycle-monotonic', 'cursor']] }],
    ['cursor went back', { before: base, after: { ...base, latest: { seq: 1, m: 'x' } }, want: [['lifecycle-monotonic', 'cursor']] }],
    ['history appended', { before: base, after: { ...base, history: [1, 2, 3] }, want: [] }],
    ['history rewritten', { before: base, after: { ...base, history: [1, 9, 3] }, want: [['lifecycle-append-only', 'append-only']] }],
    ['history shrank', { before: base, after: { ...base, history: [1] }, want: [['lifecycle-append-only', 'append-only']] }],
  ];
  it.each(cases)('%s', (_name, { before, after, direct, want }) => {
    const found = checkTransition(lifecycle, before, after, { direct: direct === true }).map((v) => [v.code, v.rule]);
    expect(found).toEqual(want);
  });
});

describe('isSet', () => {
  it.each([
    [undefined, false],
    [null, false],
    ['', false],
    [0, false],
    [[], false],
    [{}, false],
    [false, true],
    ['x', true],
    [3, true],
    [[0], true],
  ])('%j -> %s', (value, want) => {
    expect(isSet(value)).toBe(want);
  });
});

describe('issue 12: identities and instants', () => {
  const figurLike: Lifecycle = {
    envelope: '',
    status: '/status',
    initial: ['NOT_STARTED'],
    terminal: ['SUCCESS'],
    transitions: { NOT_STARTED: ['SUCCESS'] },
    invariants: [
      { rule: 'constant', path: '/created_at' },
      { rule: 'append-only', path: '/result', key: ['/kind', '/role', '/label'] },
      { rule: 'append-only', path: '/log', ignore: ['/url'] },
    ],
  };
  const art = (label: string, sig: string) => ({ image_url: `https://cdn.test/${label}.png?sig=${sig}`, kind: 'catalog_image', role: 'final', label });
  const job = (result: unknown[], log: unknown[] = [], created = '2025-06-02T09:14:08Z') => ({ status: 'SUCCESS', created_at: created, result, log });
  const rules = (a: unknown, b: unknown) => checkTransition(figurLike, a, b).map((v) => `${v.code} ${v.pointer}`);

  it('append-only with a key: a re-signed URL is no change, a lost item is', () => {
    expect(rules(job([art('Front', '1'), art('Back', '1')]), job([art('Back', '2'), art('Front', '2')]))).toEqual([]);
    expect(rules(job([art('Front', '1'), art('Back', '1')]), job([art('Front', '2'), art('Side', '2')]))).toEqual(['lifecycle-append-only /result/1']);
  });

  it('append-only with ignore: the ignored pointer may change, the rest may not', () => {
    expect(rules(job([], [{ url: 'a', m: 'x' }]), job([], [{ url: 'b', m: 'x' }]))).toEqual([]);
    expect(rules(job([], [{ url: 'a', m: 'x' }]), job([], [{ url: 'a', m: 'y' }]))).toEqual(['lifecycle-append-only /log/0']);
  });

  it('a constant date-time re-spelled as the same instant is unchanged; another instant is a change', () => {
    expect(rules(job([]), job([], [], '2025-06-02T09:14:08.000+00:00'))).toEqual([]);
    expect(rules(job([]), job([], [], '2025-06-02T11:14:08+02:00'))).toEqual([]);
    expect(rules(job([]), job([], [], '2025-06-02T09:14:08.001Z'))).toEqual(['lifecycle-field /created_at']);
  });
});
