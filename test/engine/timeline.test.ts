import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/engine/scenario.js';
import { type JobAction, timelineAt } from '../../src/engine/timeline.js';

const text = (key: string) => `text:${key}`;
const scenario: Scenario = {
  name: 'demo',
  description: 'demo',
  steps: [
    { at: 0, status: 'queued' },
    { at: 1000, status: 'running', progress: 0.2, events: [{ type: 'LOG' }] },
    { at: 2000, fault: { kind: '503' } },
    { at: 3000, status: 'waiting', clarification: 'Which POS?', wait: 'respond' },
    { at: 500, status: 'running', progress: 0.8, events: [{ type: 'LOG', message: 'resumed' }] },
    { at: 1500, status: 'done', progress: 1, result: { ok: true } },
  ],
};
const at = (ms: number, actions: JobAction[] = []) => timelineAt(scenario, actions, { ms, tick: 0, by: 'time' }, text);
const tick = (t: number, actions: JobAction[] = []) => timelineAt(scenario, actions, { ms: 0, tick: t, by: 'tick' }, text);

describe('timelineAt (time)', () => {
  it('starts in the first step', () => {
    const line = at(0);
    expect(line.state.status).toBe('queued');
    expect(line.step).toBe(0);
    expect(line.nextAt).toBe(1000);
  });
  it('applies steps reached by the clock and fills omitted text from the seeded source', () => {
    const line = at(1500);
    expect(line.state).toMatchObject({ status: 'running', progress: 0.2, updatedAt: 1000 });
    expect(line.state.events).toEqual([{ at: 1000, type: 'LOG', message: 'text:event:1:0' }]);
  });
  it('a fault step carries a fault and leaves the state alone', () => {
    const line = at(2500);
    expect(line.fault).toEqual({ kind: '503' });
    expect(line.state.status).toBe('running');
    expect(line.state.updatedAt).toBe(1000);
  });
  it('holds at a wait step until a respond action, then resumes relative to it', () => {
    expect(at(999_999)).toMatchObject({ waiting: true, step: 3 });
    const respond: JobAction = { kind: 'respond', ms: 10_000, tick: 0, payload: { response: 'Square' } };
    expect(at(10_400, [respond]).state).toMatchObject({ status: 'waiting', humanResponse: 'Square' });
    expect(at(10_500, [respond]).state).toMatchObject({ status: 'running', progress: 0.8, updatedAt: 10_500 });
    expect(at(11_500, [respond]).state).toMatchObject({ status: 'done', result: { ok: true } });
  });
  it('statusHistory records each change once', () => {
    const respond: JobAction = { kind: 'respond', ms: 4000, tick: 0 };
    expect(at(99_000, [respond]).state.statusHistory.map((h) => h.status)).toEqual(['queued', 'running', 'waiting', 'running', 'done']);
  });
  it('a cancel stops later steps and applies the cancel rule', () => {
    const cancel: JobAction = { kind: 'cancel', ms: 1500, tick: 0 };
    const line = timelineAt(scenario, [cancel], { ms: 60_000, tick: 0, by: 'time' }, text, (s, ms) => ({ ...s, status: 'canceled', updatedAt: ms }));
    expect(line).toMatchObject({ canceled: true, step: 1 });
    expect(line.state).toMatchObject({ status: 'canceled', updatedAt: 1500, progress: 0.2 });
  });
  it('is pure: the same inputs give equal states', () => {
    expect(at(2222)).toEqual(at(2222));
  });
});

describe('timelineAt (poll ticks)', () => {
  it('shows one step per poll', () => {
    expect([0, 1, 2, 3, 4].map((t) => tick(t).step)).toEqual([0, 1, 2, 3, 3]);
  });
  it('resumes on the poll after the answer', () => {
    const respond: JobAction = { kind: 'respond', ms: 0, tick: 5 };
    expect(tick(4, [respond]).waiting).toBe(true);
    expect(tick(5, [respond]).state.status).toBe('running');
    expect(tick(6, [respond]).state.status).toBe('done');
  });
  it('a cancel shows on the answer to the cancel itself, after the steps the client saw', () => {
    const cancel: JobAction = { kind: 'cancel', ms: 0, tick: 1 };
    const rule = (s: Parameters<NonNullable<Parameters<typeof timelineAt>[4]>>[0]) => ({ ...s, status: 'canceled' });
    const now = timelineAt(scenario, [cancel], { ms: 0, tick: 1, by: 'tick' }, text, rule);
    expect(now).toMatchObject({ canceled: true, step: 1 });
    expect(now.state.progress).toBe(0.2);
    expect(timelineAt(scenario, [cancel], { ms: 0, tick: 9, by: 'tick' }, text, rule).step).toBe(1);
  });
  it('the version changes whenever the state can', () => {
    const versions = [0, 1, 2, 3].map((t) => tick(t).version);
    expect(new Set(versions).size).toBe(4);
  });
});

describe('timelineAt: event actions', () => {
  const note = (ms: number, t: number, type: string): JobAction => ({ kind: 'event', ms, tick: t, payload: { event: { type, message: type } } });
  it('appends an event once the clock reaches it, in time order with the steps, and changes the version', () => {
    const actions = [note(500, 0, 'NOTE-A'), note(1200, 0, 'NOTE-B')];
    expect(at(400, actions).state.events).toEqual([]);
    const early = at(600, actions);
    expect(early.state.events.map((e) => [e.at, e.type])).toEqual([[500, 'NOTE-A']]);
    expect(early.state.updatedAt).toBe(500);
    expect(early.version).not.toBe(at(400, actions).version);
    expect(at(1500, actions).state.events.map((e) => [e.at, e.type])).toEqual([
      [500, 'NOTE-A'],
      [1000, 'LOG'],
      [1200, 'NOTE-B'],
    ]);
    // Status and the rest are the steps' alone.
    expect(at(1500, actions).state.status).toBe(at(1500).state.status);
  });
  it('in tick mode, an event shows from its tick, before a step scheduled at a later tick', () => {
    const actions = [note(0, 1, 'NOTE')];
    expect(tick(0, actions).state.events).toEqual([]);
    expect(tick(1, actions).state.events.map((e) => e.type)).toEqual(['LOG', 'NOTE']);
    expect(tick(2, actions).state.events.map((e) => e.type)).toEqual(['LOG', 'NOTE']);
  });
  it('an event after the last step reached still shows while the job waits', () => {
    const line = at(50_000, [note(40_000, 0, 'LATE')]);
    expect(line.waiting).toBe(true);
    expect(line.state.events.at(-1)).toMatchObject({ at: 40_000, type: 'LATE' });
  });
});
