/**
 * `job-contracts/server`: the mock as a library — a Fetch handler and a node:http server.
 * @example
 * const mock = createMock({ clock: 'manual' });
 * const { origin, close } = await serve(mock.handle, { port: 0 });
 */
export { createMock, type Mock, type MockOptions, type ProviderInfo } from './mock/mock.js';
export { serve, type FetchHandler, type RunningServer } from './node/server.js';
