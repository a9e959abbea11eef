import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contracts/index.js';
import { parseScenario } from '../../src/engine/load.js';
import { checkScenario } from '../../src/mock/check-scenario.js';
import { adapters } from '../../src/providers/registry.js';

const check = (provider: 'figur' | 'cata-pos' | 'aisquare', yaml: string) => () => checkScenario(parseScenario(yaml, `x/${/name: (\S+)/.exec(yaml)?.[1]}.yaml`), `x/${/name: (\S+)/.exec(yaml)?.[1]}.yaml`, adapters[provider], loadContract(provider));

describe('checkScenario refuses scenarios that break the lifecycle, naming file, step and rule', () => {
  it('accepts a scenario that keeps the rules', () => {
    expect(check('figur', 'name: ok\ndescription: d\nsteps:\n  - at: 0\n    status: NOT_STARTED\n  - at: 10\n    status: IN_PROGRESS\n  - at: 20\n    status: SUCCESS\n')).not.toThrow();
  });
  it.each([
    ['a state outside the lifecycle', 'figur', 'name: bad\ndescription: d\nsteps:\n  - at: 0\n    status: NOT_STARTED\n  - at: 10\n    status: PAUSED\n', /x\/bad\.yaml: step 1: .*(PAUSED)/],
    ['a move out of a terminal state', 'figur', 'name: bad\ndescription: d\nsteps:\n  - at: 0\n    status: NOT_STARTED\n  - at: 10\n    status: SUCCESS\n  - at: 20\n    status: IN_PROGRESS\n', /step 2: .*terminal SUCCESS.*rule terminal/],
    ['a first state that is not initial', 'figur', 'name: bad\ndescription: d\nsteps:\n  - at: 0\n    status: IN_PROGRESS\n', /step 0: first status IN_PROGRESS is not an initial state.*rule initial/],
    ['clarification missing while needs_clarification', 'cata-pos', 'name: bad\ndescription: d\nsteps:\n  - at: 0\n    status: pending\n  - at: 10\n    status: running\n  - at: 20\n    status: needs_clarification\n', /step 2: .*clarification.*rule required-in/],
    ['progress going backwards', 'cata-pos', 'name: bad\ndescription: d\nsteps:\n  - at: 0\n    status: pending\n  - at: 10\n    status: running\n    retries: 2\n  - at: 20\n    retries: 1\n', /step 2: .*retries.*rule monotonic/],
    ['END before the job is terminal', 'aisquare', 'name: bad\ndescription: d\nsteps:\n  - at: 0\n    status: PENDING\n  - at: 10\n    status: RUNNING\n    events: [{ type: END }]\n', /step 1: .*END.*rule closing-item/],
  ] as const)('%s', (_name, provider, yaml, message) => {
    expect(check(provider, yaml)).toThrow(message);
  });
});
