/**
 * A warm start (the start-up cache holds this code's work) answers a first poll without
 * loading ajv's compiler (~100 ms to import): the core gets its schema compiler from the
 * loading layer, which loads ajv on first use only. A process of its own, since this test
 * process has long loaded ajv.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/package-root.js';

const dir = mkdtempSync(join(tmpdir(), 'jc-warm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Starts the figur mock on the cache in `dir`, polls a seeded job, then validates a body.
const probe = `
import { createRequire } from 'node:module';
const { createMock } = await import(${JSON.stringify(join(packageRoot(), 'src', 'mock', 'mock.ts'))});
const ajvCompiler = () => Object.keys(createRequire(import.meta.url).cache).some((file) => /[\\\\/]ajv[\\\\/]dist[\\\\/]compile[\\\\/]/.test(file));
const mock = createMock({ providers: ['figur'], cache: process.argv[1], clock: 'manual' });
const info = mock.describe('http://mock.test')[0];
const provider = mock.providers.get('figur');
const job = info.jobs[0].id;
const poll = await mock.handle(new Request(info.baseUrl + provider.contract.operation('getJob').path.replace(/\\{[^}]+\\}/, job), { headers: info.tenants[0].headers }));
const afterPoll = ajvCompiler();
provider.contract.validateResponse({ operation: 'getJob', status: 200, body: await poll.json() });
console.log(JSON.stringify({ status: poll.status, hits: mock.cache.hits, misses: mock.cache.misses, afterPoll, afterValidation: ajvCompiler() }));
`;
const start = () => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe, dir], { cwd: packageRoot(), encoding: 'utf8', timeout: 30_000 }));

describe('a warm start', () => {
  it('answers its first poll without loading ajv; the first body validation loads it', () => {
    const cold = start();
    expect(cold).toMatchObject({ status: 200, hits: 0 });
    const warm = start();
    expect(warm).toMatchObject({ status: 200, misses: 0, afterPoll: false, afterValidation: true });
    expect(warm.hits).toBeGreaterThan(0);
  });
});
