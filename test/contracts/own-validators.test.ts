/** The ahead-of-time validators of the toolkit's own formats: current, and the same verdicts as ajv compiling at run time. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generatedDir, ownValidatorSources } from '../../src/contracts/own-validators-source.js';
import { type OwnValidator, validateLifecycle, validateMetaSchema, validateScenario } from '../../src/contracts/own-validators.js';
import { scenarioSchema } from '../../src/core/scenario.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';

describe('src/contracts/generated/', () => {
  it('is what `npm run generate:validators` makes from the schemas today', () => {
    for (const [file, text] of ownValidatorSources()) expect(readFileSync(join(generatedDir, file), 'utf8'), `run npm run generate:validators (${file})`).toBe(text);
  });

  it('gives the errors ajv gives when it compiles the schema at run time', () => {
    const lifecycle = new Ajv2020({ strict: true, allErrors: true }).compile(lifecycleSchema) as OwnValidator;
    const scenario = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(scenarioSchema) as OwnValidator;
    const meta = new Ajv2020({ strict: true, allowUnionTypes: true });
    const metaSchema = meta.getSchema('https://json-schema.org/draft/2020-12/schema') as OwnValidator;
    const cases: Array<[OwnValidator, OwnValidator, unknown]> = [
      [validateLifecycle, lifecycle, { envelope: '', status: 12, initial: [], terminal: 'x', transitions: 5, invariants: [{ rule: 'nope' }] }],
      [validateLifecycle, lifecycle, { envelope: '', status: '/status', initial: ['a'], terminal: ['b'], transitions: { a: ['b'] }, invariants: [] }],
      [validateScenario, scenario, { name: 'x', steps: [{ at: 'soon', colour: 'red' }] }],
      [validateScenario, scenario, { name: 'x', description: 'ok', steps: [{ at: 0, set: { '/status': 'queued' } }] }],
      [validateMetaSchema, metaSchema, { $defs: { a: { type: 12 }, b: { properties: { x: { minLength: -1 } } } } }],
      [validateMetaSchema, metaSchema, { $defs: { a: { $ref: '#/$defs/b' }, b: { if: { const: 1 }, then: { pattern: 5 }, required: 'x' } } }],
      [validateMetaSchema, metaSchema, { $defs: { a: { type: ['string', 'null'], enum: ['x', null], $dynamicRef: '#meta' } } }],
    ];
    for (const [ahead, runtime, data] of cases) {
      expect(ahead(data)).toBe(runtime(data));
      expect(ahead.errors ?? null).toEqual(runtime.errors ?? null);
    }
  });
});
