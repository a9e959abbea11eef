import { createJobHandlers, type JobHandlers, type JobHandlersOptions } from '../src/msw/index.js';

/**
 * MSW handlers for Figur, answering at https://api.figur.fit unless `baseUrl` says otherwise.
 * @example
 * const figur = createFigurHandlers({ clock: 'manual' });
 * const server = setupServer(...figur.handlers);
 * @see ../specs/figur.yaml
 */
export function createFigurHandlers(options: Omit<JobHandlersOptions<'figur'>, 'provider'> = {}): JobHandlers<'figur'> {
  return createJobHandlers({ ...options, provider: 'figur' });
}

export type { JobHandlers, JobHandlersOptions } from '../src/msw/index.js';
