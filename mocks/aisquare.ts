import { createJobHandlers, type JobHandlers, type JobHandlersOptions } from '../src/msw/index.js';

/**
 * MSW handlers for AISquare Studio, answering at https://api.aisquare.studio unless `baseUrl` says otherwise.
 * @example
 * const aisquare = createAisquareHandlers({ clock: 'manual' });
 * const server = setupServer(...aisquare.handlers);
 * @see ../specs/aisquare.yaml
 */
export function createAisquareHandlers(options: Omit<JobHandlersOptions<'aisquare'>, 'provider'> = {}): JobHandlers<'aisquare'> {
  return createJobHandlers({ ...options, provider: 'aisquare' });
}

export type { JobHandlers, JobHandlersOptions } from '../src/msw/index.js';
