/**
 * The engine's pure core: a job document from (scenario, actions, position). Scenarios here use
 * made-up field names on purpose: the engine knows no provider's.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import type { JobIdentity } from '../../src/core/functions.js';
import { objectOf } from '../../src/core/pointer.js';
import type { Scenario } from '../../src/core/scenario.js';
import { type Behaviour, type JobAction, timelineAt } from '../../src/core/timeline.js';

const job: JobIdentity = {
  id: 'j1',
  index: 0,
  tenant: 'acme',
  createdAt: Date.UTC(2026, 0, 1),
  input: {},
  random: createRandom('timeline'),
  fake: (path, key) => `${path}:${key}`,
  tenantVars: {},
  generate: () => null,
};
const scenario: Scenario = {
  name: 'demo',
  description: 'demo',
  steps: [
    { at: 0, set: { '/state': 'queued' } },
    { at: 1000, set: { '/state': 'running', '/pct': 0.2 }, append: { '/log': [{ msg: '{{text}}' }] } },
    { at: 2000, fault: { kind: '503' } },
    { at: 3000, set: { '/state': 'waiting', '/question': 'Which POS?' }, wait: 'respond' },
    { at: 500, set: { '/state': 'running', '/pct': 0.8 } },
    { at: 1500, set: { '/state': 'done', '/pct': 1, '/result': { ok: true } } },
  ],
  on: {
    respond: [{ set: { '/answer': '{{action /response}}' } }],
    cancel: [{ set: { '/state': 'canceled', '/cancelledAt': '{{time}}' } }],
  },
};
const behaviour: Behaviour = { items: [], everyStep: { set: { '/touched': '{{time}}' } }, functions: {}, onRetry: [{ append: { '/log': [{ msg: 'retried as {{action /id}}' }] } }] };
const line = (position: { ms?: number; tick?: number }, actions: JobAction[] = [], s = scenario) =>
  timelineAt({ scenario: s, actions, job, behaviour, initial: objectOf([['id', 'j1']]) }, { ms: position.ms ?? 0, tick: position.tick ?? 0, by: position.tick === undefined ? 'time' : 'tick' });
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('timelineAt by time', () => {
  it('starts at the first step, with the initial document under it', () => {
    const t = line({ ms: 0 });
    expect(plain(t.doc)).toEqual({ id: 'j1', state: 'queued', touched: '2026-01-01T00:00:00.000Z' });
    expect(t).toMatchObject({ step: 0, nextAt: 1000, waiting: false });
  });
  it('applies the steps the clock reached, and everyStep after each', () => {
    const t = line({ ms: 1500 });
    expect(plain(t.doc)).toMatchObject({ state: 'running', pct: 0.2, touched: '2026-01-01T00:00:01.000Z' });
    expect(t.updatedAt).toBe(1000);
  });
  it('a fault-only step carries its fault and leaves the document alone', () => {
    const t = line({ ms: 2500 });
    expect(t.fault).toEqual({ kind: '503' });
    expect(t.updatedAt).toBe(1000);
  });
  it('holds at a wait until a respond action, applies on.respond, then counts from the answer', () => {
    expect(line({ ms: 999_999 })).toMatchObject({ waiting: true, step: 3 });
    const respond: JobAction = { kind: 'respond', ms: 10_000, tick: 0, payload: { response: 'Square' } };
    expect(plain(line({ ms: 10_400 }, [respond]).doc)).toMatchObject({ state: 'waiting', answer: 'Square' });
    expect(plain(line({ ms: 10_500 }, [respond]).doc)).toMatchObject({ state: 'running', pct: 0.8 });
    expect(plain(line({ ms: 11_500 }, [respond]).doc)).toMatchObject({ state: 'done', result: { ok: true } });
  });
  it('a cancel stops later steps and applies on.cancel at its time', () => {
    const t = line({ ms: 60_000 }, [{ kind: 'cancel', ms: 1500, tick: 0 }]);
    expect(t).toMatchObject({ canceled: true, step: 1 });
    expect(plain(t.doc)).toMatchObject({ state: 'canceled', pct: 0.2, cancelledAt: '2026-01-01T00:00:01.500Z' });
  });
  it('a retry applies the provider onRetry at its time, in order with the steps', () => {
    const t = line({ ms: 1200 }, [{ kind: 'retry', ms: 1100, tick: 0, payload: { id: 'j2' } }]);
    expect(plain(t.doc).log.map((l: { msg: string }) => l.msg).at(-1)).toBe('retried as j2');
    expect(line({ ms: 1050 }, [{ kind: 'retry', ms: 1100, tick: 0, payload: { id: 'j2' } }]).doc.log).toHaveLength(1);
  });
  it('is pure and seeded: the same inputs give equal documents, faker text included', () => {
    expect(plain(line({ ms: 2222 }).doc)).toEqual(plain(line({ ms: 2222 }).doc));
    expect(plain(line({ ms: 2222 }).doc).log[0].msg).toBe('hacker.phrase:/log/0/msg');
  });
});

describe('timelineAt by poll ticks', () => {
  it('shows one step per poll and stops at a wait', () => {
    expect([0, 1, 2, 3, 4].map((tick) => line({ tick }).step)).toEqual([0, 1, 2, 3, 3]);
  });
  it('resumes on the poll after the answer', () => {
    const respond: JobAction = { kind: 'respond', ms: 0, tick: 5, payload: { response: 'x' } };
    expect(line({ tick: 4 }, [respond]).waiting).toBe(true);
    expect(plain(line({ tick: 5 }, [respond]).doc).state).toBe('running');
    expect(plain(line({ tick: 6 }, [respond]).doc).state).toBe('done');
  });
  it('the version changes whenever the document can', () => {
    const versions = [0, 1, 2, 3].map((tick) => line({ tick }).version);
    expect(new Set(versions).size).toBe(4);
    expect(line({ tick: 1 }).version).toBe(line({ tick: 1 }).version);
  });
});
