/**
 * `node dist/src/mock/prime-cache.js`, run by `prepack` after the build: does the start-up work
 * for the built-in specs and scenarios once (parse, load-time scenario checks, meta-schema
 * checks, path-parameter validators) and ships it as dist/startup-cache.json, so an installed
 * package starts warm. Never imported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedCacheFile, writeShippedCache } from '../contracts/load-cache.js';
import { createMock } from '../mock/mock.js';

const dir = mkdtempSync(join(tmpdir(), 'job-contracts-prime-'));
try {
  // The last pack's file would answer every lookup and leave nothing to write: work afresh.
  rmSync(shippedCacheFile(), { force: true });
  const mock = createMock({ clock: 'manual', cache: dir });
  if (mock.problems.length > 0) throw new Error(`built-in scenarios failed their check:\n${mock.problems.map((p) => p.message).join('\n')}`);
  const count = writeShippedCache(dir);
  if (mock.cache.hits > 0 || count === 0 || count < mock.cache.misses) throw new Error(`start-up cache not primed: ${count} entries written, ${mock.cache.misses} computed, ${mock.cache.hits} found`);
  process.stdout.write(`${shippedCacheFile()}: ${count} start-up entries\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
