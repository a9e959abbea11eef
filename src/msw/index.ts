/**
 * MSW handlers for other projects' tests: `import { createJobHandlers } from 'job-contracts/msw'`.
 * @see ../../README.md#use-in-your-tests
 */
export { createJobHandlers, type JobHandlers, type JobHandlersOptions, type OwnJobHandlersOptions, type Tenant } from './handlers.js';
export type { BuiltInScenarios, JobBodies } from './types.js';
