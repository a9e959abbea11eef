/**
 * `job-contracts/check/vitest`: `expect(response).toSatisfyContract('my-api', 'getJob')`.
 * @example
 * import { contractMatchers } from 'job-contracts/check/vitest';
 * expect.extend(contractMatchers);
 */
export { contractMatchers, toSatisfyContract } from './matcher.js';
