import { describe, expectTypeOf, it } from 'vitest';
import { createAzureHandlers, createFigurHandlers, createJobHandlers } from '../../mocks/index.js';

describe('createJobHandlers types', () => {
  it('types job bodies from generated/', () => {
    const figur = createFigurHandlers({ clock: 'manual' });
    expectTypeOf(figur.job('x').status).toEqualTypeOf<'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE' | undefined>();
    const scenario = createJobHandlers({ provider: 'scenario' });
    expectTypeOf(scenario.job('x').job.jobId).toBeString();
  });

  it('types every built-in provider from the generated list, and your own as plain JSON', () => {
    expectTypeOf(createAzureHandlers({ clock: 'manual' }).job('x').status).toEqualTypeOf<'NotStarted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled'>();
    const own = createJobHandlers({ spec: 'render-farm.yaml', scenarios: 'scenarios', clock: 'manual' });
    expectTypeOf(own.job('x')).toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf(own.createJob).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(createJobHandlers({ provider: { spec: 'render-farm.yaml' } }).provider).toEqualTypeOf<string>();
  });

  it('rejects a wrong provider name or scenario name at compile time', () => {
    // @ts-expect-error: not a provider
    createJobHandlers({ provider: 'acme' });
    // @ts-expect-error: figur has no workflow scenario
    createFigurHandlers({ jobs: [{ scenario: 'workflow' }] });
    // @ts-expect-error: scenario has no needs-clarification scenario
    createJobHandlers({ provider: 'scenario' }).createJob('needs-clarification');
    createJobHandlers({ provider: 'cata-pos' }).createJob('needs-clarification');
  });
});
