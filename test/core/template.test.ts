/**
 * Templates and step operations: the pieces every provider's data runs through.
 * @see ../../docs/provider-format.md#templates
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { type JobIdentity, jobFunctions, rfc3339nano } from '../../src/core/functions.js';
import { cloneJson, getAt, objectOf, removeAt, setAt } from '../../src/core/pointer.js';
import { applyOps } from '../../src/core/steps.js';
import { chainResolvers, renderValue, TemplateError } from '../../src/core/template.js';

const identity: JobIdentity = {
  id: '42',
  index: 3,
  tenant: 'acme',
  createdAt: Date.UTC(2026, 0, 1),
  input: { prompt: 'a cat', size: { w: 512 } },
  random: createRandom('t'),
  fake: (path, key) => `${path}@${key}`,
  tenantVars: { ownerId: 'proj_1' },
  generate: (pointer) => `generated${pointer}`,
};

const resolverAt = (ms: number, doc: unknown = {}) => chainResolvers(jobFunctions(identity, ms, () => doc));

describe('renderValue', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['a whole template keeps the type', '{{job.idNumber}}', 42],
    ['text around a template is text', 'job {{job.id}}!', 'job 42!'],
    ['two templates in one string', '{{job.tenant}}/{{job.serial}}', 'acme/4'],
    ['input by pointer, object kept', '{{input /size}}', { w: 512 }],
    ['input or null: missing', '{{inputOrNull /nope}}', null],
    ['tenant variable', '{{tenant ownerId}}', 'proj_1'],
    ['time of the step', '{{time}}', '2026-01-01T00:00:01.500Z'],
    ['time in Go form', '{{time rfc3339nano}}', '2026-01-01T00:00:01.5Z'],
    ['time in basic form', '{{time basic}}', '20260101T000001Z'],
    ['creation time', '{{created}}', '2026-01-01T00:00:00.000Z'],
    ['no template stays as is', 'plain {text}', 'plain {text}'],
  ];
  it.each(cases)('%s', (_name, given, want) => {
    expect(renderValue(given, resolverAt(1500), '/x')).toEqual(want);
  });

  it('seeds random values by where they land: same pointer same value, other pointer other value', () => {
    const a = renderValue({ x: '{{hex 16}}', y: '{{hex 16}}' }, resolverAt(0)) as Record<string, string>;
    const again = renderValue({ x: '{{hex 16}}' }, resolverAt(0)) as Record<string, string>;
    expect(a.x).toMatch(/^[0-9a-f]{16}$/);
    expect(again.x).toBe(a.x);
    expect(a.y).not.toBe(a.x);
  });

  it('names the unknown function and how to fix it', () => {
    expect(() => renderValue('{{nope 1}}', resolverAt(0))).toThrow(TemplateError);
    expect(() => renderValue('{{nope 1}}', resolverAt(0))).toThrow(/Unknown template function "\{\{nope\}\}"/);
    expect(() => renderValue('{{hex x}}', resolverAt(0))).toThrow(/needs a number/);
  });

  it('lets a hook call the other functions of the chain', () => {
    const resolve = chainResolvers({ shout: (_a, _p, call) => String(call('job.tenant')).toUpperCase() }, jobFunctions(identity, 0, () => ({})));
    expect(renderValue('{{shout}}', resolve)).toBe('ACME');
  });

  it('formats Go times without trailing zeros', () => {
    expect(rfc3339nano('2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00Z');
    expect(rfc3339nano('2026-01-01T00:00:00.120Z')).toBe('2026-01-01T00:00:00.12Z');
  });
});

describe('pointers', () => {
  it('sets through missing parents, reads, removes, and keeps __proto__ as data', () => {
    const doc = objectOf();
    setAt(doc, '/a/b~1c', 1);
    setAt(doc, '/__proto__/polluted', true);
    expect(getAt(doc, '/a/b~1c')).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(getAt(doc, '/__proto__/polluted')).toBe(true);
    removeAt(doc, '/a/b~1c');
    expect(getAt(doc, '/a/b~1c')).toBeUndefined();
    const copy = cloneJson(JSON.parse('{"__proto__": {"x": 1}}'));
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(getAt(copy, '/__proto__/x')).toBe(1);
  });
});

describe('applyOps', () => {
  const items = [{ pattern: ['$events'], template: { seq: '{{seq}}', at: '{{time}}' } }];
  const resolver = (doc: unknown) => (extra?: { item: unknown; index: number }) =>
    chainResolvers(extra ? { seq: () => extra.index + 1, index: () => extra.index } : {}, jobFunctions(identity, 2000, () => doc));

  it('applies set, merge, append, remove and each in that order, with item templates', () => {
    const doc = objectOf([['status', 'queued'], ['meta', objectOf([['a', 1]])], ['nodes', [{ id: 'n1', status: 'pending' }, { id: 'n2', status: 'done' }]]]);
    applyOps(
      doc,
      {
        set: { '/status': 'running', '/latest/seq': '{{count /$events}}' },
        merge: { '/meta': { b: 2 } },
        append: { '/$events': [{ type: 'started' }, { type: 'log', seq: 99 }] },
        remove: ['/meta/a'],
        each: { '/nodes': { where: { status: ['pending'] }, set: { '/status': 'skipped' } } },
      },
      items,
      resolver(doc),
    );
    expect(doc.status).toBe('running');
    // set runs before append: the count is taken before the events exist
    expect(getAt(doc, '/latest/seq')).toBe(0);
    expect(JSON.parse(JSON.stringify(doc.meta))).toEqual({ b: 2 });
    // the item template fills what the item leaves out; the item's own values win
    expect(JSON.parse(JSON.stringify(doc.$events))).toEqual([
      { seq: 1, at: '2026-01-01T00:00:02.000Z', type: 'started' },
      { seq: 99, at: '2026-01-01T00:00:02.000Z', type: 'log' },
    ]);
    expect(JSON.parse(JSON.stringify(doc.nodes))).toEqual([
      { id: 'n1', status: 'skipped' },
      { id: 'n2', status: 'done' },
    ]);
  });
});
