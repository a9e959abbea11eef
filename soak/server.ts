/**
 * The soak's server process: `npm run mock`'s mock (wall clock, every provider) on a free port
 * of 127.0.0.1, answering memory samples over IPC so its RSS is measured apart from the load.
 */
import { createMock } from '../src/mock/mock.js';
import { serve } from '../src/node/server.js';

/** What the server process reports when asked for a sample. */
export interface ServerSample {
  type: 'sample';
  rss: number;
  heapUsed: number;
  jobs: number;
  journal: { kept: number; total: number };
  /** Requests the mock failed to answer (it logs a warning for each and answers 500). */
  failures: number;
}

const mock = createMock({ clock: 'wall', seed: 'soak' });
const server = await serve(mock.handle, { port: 0 });
let failures = 0;
process.on('warning', (warning) => {
  if (warning.message.startsWith('job-contracts:')) failures++;
});
process.on('message', (message) => {
  if (message === 'sample') {
    // Collect first (--expose-gc): the heap then holds what the mock keeps, not garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const sample: ServerSample = { type: 'sample', rss: memory.rss, heapUsed: memory.heapUsed, jobs: mock.jobCount(), journal: mock.journal.size, failures };
    process.send?.(sample);
  } else if (message === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', origin: server.origin });
