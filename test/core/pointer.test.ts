/**
 * JSON pointers (RFC 6901): the split, the join and the child pointer the engine builds while it
 * walks a value agree with each other for any keys, `~` and `/` included, and a remembered split
 * cannot be changed by its caller.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPointer } from '../../src/contracts/issues.js';
import { childPointer, getAt, joinPointer, removeAt, splitPointer } from '../../src/core/pointer.js';

const segment = fc.oneof(fc.string(), fc.constantFrom('~', '/', '~0', '~1', '~01', 'a/b~c', ''), fc.nat({ max: 20 }).map(String));

describe('JSON pointers', () => {
  it('split undoes join, for any segments', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (parts) => {
        expect(splitPointer(joinPointer(parts))).toEqual(parts);
      }),
    );
  });

  it('a child pointer is the join of the parent’s parts and the key', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.oneof(segment, fc.nat()), (parts, key) => {
        const parent = joinPointer(parts);
        expect(childPointer(parent, key)).toBe(joinPointer([...splitPointer(parent), key]));
      }),
    );
  });

  it('escapes as RFC 6901 says', () => {
    expect(joinPointer(['a/b', 'm~n', 0])).toBe('/a~1b/m~0n/0');
    expect(childPointer('/a~1b', 'x~/y')).toBe('/a~1b/x~0~1y');
    expect(splitPointer('/~01')).toEqual(['~1']);
    expect(() => splitPointer('a/b')).toThrow(/not a JSON pointer/);
  });

  it('a remembered split is the same every time and cannot be changed', () => {
    const first = splitPointer('/agent_states/web-01/status');
    expect(splitPointer('/agent_states/web-01/status')).toEqual(['agent_states', 'web-01', 'status']);
    expect(() => (first as string[]).push('x')).toThrow(TypeError);
    expect(splitPointer('/agent_states/web-01/status')).toEqual(['agent_states', 'web-01', 'status']);
  });

  it('removing a member leaves the remembered split of its pointer whole', () => {
    const doc = { a: { b: 1, c: 2 } };
    removeAt(doc, '/a/b');
    removeAt(doc, '/a/b');
    expect(doc).toEqual({ a: { c: 2 } });
    expect(getAt(doc, '/a/c')).toBe(2);
    expect(splitPointer('/a/b')).toEqual(['a', 'b']);
  });

  it('readPointer reads what getAt reads, and nothing for a string that is not a pointer', () => {
    const doc = { a: { 'b/c': [1, { d: 'x' }] }, bc: 'wrong' };
    for (const pointer of ['', '/a', '/a/b~1c', '/a/b~1c/1/d', '/a/b~1c/2', '/missing']) expect(readPointer(doc, pointer), pointer).toEqual(getAt(doc, pointer));
    expect(readPointer(doc, 'abc')).toBeUndefined();
  });
});
