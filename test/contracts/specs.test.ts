import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadContract, packageRoot } from '../../src/contracts/index.js';
import { generateTypes } from '../../src/generate/index.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';
import { knownStates } from '../../src/lifecycle/evaluate.js';
import { jobRoles, providerIds } from '../../src/providers/ids.js';

const root = packageRoot();
const validateLifecycle = new Ajv2020({ strict: true, allErrors: true }).compile(lifecycleSchema);

describe.each(providerIds)('%s contract', (provider) => {
  const contract = loadContract(provider);

  it('declares x-job-lifecycle that satisfies its JSON Schema', () => {
    const ok = validateLifecycle(contract.spec.lifecycle);
    expect(validateLifecycle.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('names only known states in its transitions, and terminal states have no way out', () => {
    const states = knownStates(contract.spec.lifecycle);
    for (const state of contract.spec.lifecycle.terminal) expect(contract.spec.lifecycle.transitions[state] ?? []).toEqual([]);
    for (const state of contract.spec.lifecycle.initial) expect(states.has(state)).toBe(true);
  });

  it('gives every operation a job role and a getJob operation', () => {
    for (const op of contract.spec.operations) expect(jobRoles).toContain(op.role);
    expect(contract.operation('getJob')?.role).toBe('getJob');
  });

  it('has every file of the provider: spec, scenarios, generated types, MSW entry, behaviour test', () => {
    for (const file of [`specs/${provider}.yaml`, `scenarios/${provider}/happy-path.yaml`, `generated/${provider}.ts`, `mocks/${provider}.ts`, `test/providers/${provider}.test.ts`]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });
});

describe('generated/', () => {
  it('is what `npm run generate` makes from specs/ today', async () => {
    const stale = await generateTypes({ check: true });
    expect(stale.map((s) => s.provider), 'run `npm run generate` and commit generated/ and mocks/').toEqual([]);
  });
});
