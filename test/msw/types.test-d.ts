import { describe, expectTypeOf, it } from 'vitest';
import { createFigurHandlers, createJobHandlers } from '../../mocks/index.js';

describe('createJobHandlers types', () => {
  it('types job bodies from generated/', () => {
    const figur = createFigurHandlers({ clock: 'manual' });
    expectTypeOf(figur.job('x').status).toEqualTypeOf<'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE' | undefined>();
    const scenario = createJobHandlers({ provider: 'scenario' });
    expectTypeOf(scenario.job('x').job.jobId).toBeString();
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
