/**
 * The mock: one Fetch handler per provider behind the HTTP server and the MSW handlers.
 * @see ../../README.md#the-mock-server
 */
export { createMock, type Mock, type MockOptions, type ProviderInfo, type ProviderSource } from './mock.js';
export { createProviderMock, type ProviderMock, type ProviderMockOptions } from '../core/provider.js';
export { Journal, type JournalEntry } from '../core/journal.js';
