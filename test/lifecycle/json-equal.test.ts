import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/lifecycle/json-equal.js';

describe('jsonEqual', () => {
  it('decides as util.isDeepStrictEqual on JSON values (random pairs, and a value against its reordered copy)', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(fc.property(json, json, (a, b) => jsonEqual(a, b) === isDeepStrictEqual(a, b)), { numRuns: 2000 });
    const reordered = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reordered) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)])) : v;
    fc.assert(fc.property(json, (a) => jsonEqual(a, reordered(a)) && isDeepStrictEqual(a, reordered(a))), { numRuns: 500 });
  });

  it.each([
    ['-0 and 0', -0, 0, false],
    ['an array and an object with its indexes', ['a'], { 0: 'a' }, false],
    ['a missing member and one set to undefined', {}, { a: undefined }, false],
    ['a null-prototype object and a plain one', Object.assign(Object.create(null), { a: 1 }), { a: 1 }, false],
    ['members in another order', { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
  ])('%s', (_name, a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(isDeepStrictEqual(a, b)).toBe(equal);
  });
});
