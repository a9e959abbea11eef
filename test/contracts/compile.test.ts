/** Compiling a spec's schemas: the same schema documented at many places compiles once. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchemas, standaloneSources } from '../../src/contracts/compile.js';
import { packageRoot } from '../../src/contracts/package-root.js';
import { type Json, loadSpec } from '../../src/contracts/spec.js';

const spec = loadSpec('azure', join(packageRoot(), 'specs'));
const error: Json = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
const other: Json = { type: 'object', required: ['code'], properties: { code: { type: 'integer' } } };
// Equal JSON, distinct objects (as two operations' inline schemas are), and one that differs.
const schemas = new Map<string, Json | undefined>([
  ['a', error],
  ['b', structuredClone(error)],
  ['c', other],
]);

describe('compileSchemas', () => {
  it('gives keys whose schemas are the same JSON one validator, with the verdicts of each', () => {
    const validators = compileSchemas(spec, schemas);
    expect(validators.get('a')).toBe(validators.get('b'));
    expect(validators.get('c')).not.toBe(validators.get('a'));
    expect(validators.get('b')?.({ error: 'x' })).toBe(true);
    expect(validators.get('b')?.({ code: 1 })).toBe(false);
    expect(validators.get('c')?.({ code: 1 })).toBe(true);
  });

  it('generates one standalone source per distinct schema', () => {
    const sources = standaloneSources(spec, schemas);
    expect(sources.get('a')).toBe(sources.get('b'));
    expect(sources.get('c')).not.toBe(sources.get('a'));
  });
});
