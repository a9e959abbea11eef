/**
 * `job-contracts/msw`: MSW handlers for every provider, on the same engine as `npm run mock`.
 * @see ../README.md#use-in-your-tests
 */
export { createJobHandlers, type BuiltInScenarios, type JobBodies, type JobHandlers, type JobHandlersOptions, type Tenant } from '../src/msw/index.js';
export { createAisquareHandlers } from './aisquare.js';
export { createFigurHandlers } from './figur.js';
export { createOsapiHandlers } from './osapi.js';
export { createCataPosHandlers } from './cata-pos.js';
export { createScenarioHandlers } from './scenario.js';
