import { createJobHandlers, type JobHandlers, type JobHandlersOptions } from '../src/msw/index.js';

/**
 * MSW handlers for Cata POS integration (adapter-script generation), answering at http://localhost:8080 unless `baseUrl` says otherwise.
 * @example
 * const catapos = createCataPosHandlers({ clock: 'manual' });
 * const server = setupServer(...catapos.handlers);
 * @see ../specs/cata-pos.yaml
 */
export function createCataPosHandlers(options: Omit<JobHandlersOptions<'cata-pos'>, 'provider'> = {}): JobHandlers<'cata-pos'> {
  return createJobHandlers({ ...options, provider: 'cata-pos' });
}

export type { JobHandlers, JobHandlersOptions } from '../src/msw/index.js';
