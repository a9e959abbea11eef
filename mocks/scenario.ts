import { createJobHandlers, type JobHandlers, type JobHandlersOptions } from '../src/msw/index.js';

/**
 * MSW handlers for Scenario, answering at https://api.cloud.scenario.com/v1 unless `baseUrl` says otherwise.
 * @example
 * const scenario = createScenarioHandlers({ clock: 'manual' });
 * const server = setupServer(...scenario.handlers);
 * @see ../specs/scenario.yaml
 */
export function createScenarioHandlers(options: Omit<JobHandlersOptions<'scenario'>, 'provider'> = {}): JobHandlers<'scenario'> {
  return createJobHandlers({ ...options, provider: 'scenario' });
}

export type { JobHandlers, JobHandlersOptions } from '../src/msw/index.js';
