import { createJobHandlers, type JobHandlers, type JobHandlersOptions } from '../src/msw/index.js';

/**
 * MSW handlers for OSAPI agent jobs, answering at http://localhost:8080 unless `baseUrl` says otherwise.
 * @example
 * const osapi = createOsapiHandlers({ clock: 'manual' });
 * const server = setupServer(...osapi.handlers);
 * @see ../specs/osapi.yaml
 */
export function createOsapiHandlers(options: Omit<JobHandlersOptions<'osapi'>, 'provider'> = {}): JobHandlers<'osapi'> {
  return createJobHandlers({ ...options, provider: 'osapi' });
}

export type { JobHandlers, JobHandlersOptions } from '../src/msw/index.js';
