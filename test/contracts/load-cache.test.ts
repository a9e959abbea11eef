import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCacheDir, openLoadCache, resolveCacheDir } from '../../src/contracts/load-cache.js';
import { packageRoot } from '../../src/contracts/package-root.js';
import { loadSpec } from '../../src/contracts/spec.js';
import { createContracts } from '../../src/contracts/contracts.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { buildParamChecks } from '../../src/core/router.js';
import { createSchemaCompiler } from '../../src/contracts/compile.js';
import { providerIds } from '../../src/providers/ids.js';
import { driverOf } from '../helpers/drive.js';

// The start-up cache keeps parsed specs, parsed scenarios and load-time check passes between
// starts. A warm start must build the very same mock as a cold one, and no change to a spec or a
// scenario may be hidden by it.

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `jc-${prefix}-`));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every seeded job's getJob answer after 4 s of job time, by provider and job id. */
async function answers(mock: Mock): Promise<Record<string, string>> {
  mock.clock.advance(4000);
  const out: Record<string, string> = {};
  const drive = driverOf(mock);
  for (const info of mock.describe('http://mock.test')) {
    for (const job of info.jobs) {
      const response = await mock.handle(new Request(drive.url(info.id, 'getJob', job.id), { headers: drive.headers(info.id, job.tenant) }));
      out[`${info.id} ${job.id}`] = `${response.status} ${(await response.text()).replace(/"(request_?[iI]d|x-request-id)":"[^"]*"/g, '')}`;
    }
  }
  return out;
}

const options = { clock: 'manual' as const, seed: 'cache-test', sleep: async () => undefined };

describe('start-up cache', () => {
  it('a warm start reuses every entry and builds the same mock as a cold start', async () => {
    const dir = tempDir('warm');
    const cold = createMock({ ...options, cache: dir });
    expect(cold.cache.hits).toBe(0);
    // Per provider its spec, its meta-schema check, its x-job-mock check and its path-parameter
    // validators; per built-in scenario its parse and its check.
    const scenarioCount = cold.scenarioList().length;
    expect(cold.cache.misses).toBe(4 * providerIds.length + 2 * scenarioCount);
    expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(1);

    const warm = createMock({ ...options, cache: dir });
    expect(warm.cache).toEqual({ hits: 4 * providerIds.length + 2 * scenarioCount, misses: 0, dir });
    const uncached = createMock({ ...options, cache: false });
    expect(uncached.cache).toEqual({ hits: 0, misses: 0, dir: undefined });

    expect(warm.scenarioList()).toEqual(cold.scenarioList());
    expect(warm.describe('')).toEqual(cold.describe(''));
    expect(warm.problems).toEqual([]);
    const fromCold = await answers(cold);
    expect(Object.keys(fromCold).length).toBeGreaterThan(scenarioCount);
    expect(Object.values(fromCold).filter((a) => a.startsWith('200 ')).length).toBeGreaterThan(scenarioCount - providerIds.length);
    expect(await answers(warm)).toEqual(fromCold);
    expect(await answers(uncached)).toEqual(fromCold);
  });

  it('an edited scenario is parsed and checked again; a broken edit is reported, not hidden', () => {
    const dir = tempDir('edit');
    const extra = tempDir('scenarios');
    mkdirSync(join(extra, 'aisquare'));
    const file = join(extra, 'aisquare', 'custom.yaml');
    const source = readFileSync(join(packageRoot(), 'scenarios', 'aisquare', 'happy-path.yaml'), 'utf8').replace('name: happy-path', 'name: custom');
    writeFileSync(file, source);
    const first = createMock({ ...options, providers: ['aisquare'], scenarioDirs: [extra], cache: dir });
    expect(first.scenarioList().map((s) => s.name)).toContain('custom');

    // Same text: everything from the cache.
    const again = createMock({ ...options, providers: ['aisquare'], scenarioDirs: [extra], cache: dir });
    expect(again.cache.misses).toBe(0);

    // A new description: the file is parsed and checked again (two misses), the rest is reused.
    writeFileSync(file, source.replace(/^description: .*$/m, 'description: edited'));
    const edited = createMock({ ...options, providers: ['aisquare'], scenarioDirs: [extra], cache: dir });
    expect(edited.cache.misses).toBe(2);
    expect(edited.scenarioList().find((s) => s.name === 'custom')?.description).toBe('edited');

    // A status the lifecycle does not know: the load-time check fails, every time.
    writeFileSync(file, source.replace('status: RUNNING', 'status: WANDERING'));
    for (let run = 0; run < 2; run++) {
      const broken = createMock({ ...options, providers: ['aisquare'], scenarioDirs: [extra], cache: dir });
      expect(broken.scenarioList().map((s) => s.name)).not.toContain('custom');
      expect(broken.problems.map((p) => p.message)).toEqual([expect.stringContaining(`${file}: step 1:`)]);
    }
  });

  it('an edited spec is read again, and a spec that breaks its lifecycle format still fails', () => {
    const dir = tempDir('spec');
    const specs = tempDir('specs');
    cpSync(join(packageRoot(), 'specs', 'figur.yaml'), join(specs, 'figur.yaml'));
    const first = openLoadCache(dir);
    const spec = loadSpec('figur', specs, first);
    first.save();
    const second = openLoadCache(dir);
    expect(loadSpec('figur', specs, second)).toEqual(spec);
    expect(second.stats).toMatchObject({ hits: 1, misses: 0 });

    const text = readFileSync(join(specs, 'figur.yaml'), 'utf8');
    writeFileSync(join(specs, 'figur.yaml'), text.replace(/(x-job-lifecycle:\n(\s+))/, '$1bogus: 1\n$2'));
    const third = openLoadCache(dir);
    expect(() => loadSpec('figur', specs, third)).toThrow(/x-job-lifecycle of \w+ .*rule additionalProperties/);
    expect(third.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it('path-parameter checks rebuilt from cached standalone source decide as the ajv-compiled ones do', () => {
    const dir = tempDir('params');
    const contracts = createContracts();
    const samples = ['1', '4000', '-1', '0', '1.5', '1e3', 'abc', '01KDVDNA00Z68Z6S0JFFF24Y3R', '01kdvdna00z68z6s0jfff24y3r', '01KDVDNA00Z68Z6S0JFFF24Y3', '3fa85f64-5717-4562-b3fc-2c963f66afa6', '3FA85F64-5717-4562-B3FC-2C963F66AFA6', '3fa85f64-5717-4562-b3fc', 'job_abc123XYZ', 'job_', 'job_a-b', '', ' 1', 'x'.repeat(300), '%00'];
    for (const id of providerIds) {
      const contract = contracts.get(id);
      const plain = buildParamChecks(contract, createSchemaCompiler());
      const cold = openLoadCache(dir);
      const fromCold = buildParamChecks(contract, createSchemaCompiler(cold));
      cold.save();
      const warm = openLoadCache(dir);
      const fromWarm = buildParamChecks(contract, createSchemaCompiler(warm));
      expect(warm.stats, id).toMatchObject({ hits: 1, misses: 0 });
      expect(plain.size, id).toBeGreaterThan(0);
      for (const [key, check] of plain) {
        const verdicts = samples.map((raw) => check(raw));
        expect(verdicts, `${id} ${key}`).toContain(true);
        expect(verdicts, `${id} ${key}`).toContain(false);
        expect(samples.map((raw) => fromCold.get(key)?.(raw)), `${id} ${key} cold`).toEqual(verdicts);
        expect(samples.map((raw) => fromWarm.get(key)?.(raw)), `${id} ${key} warm`).toEqual(verdicts);
      }
    }
  });

  it('a corrupt or foreign cache file is ignored and replaced', () => {
    const dir = tempDir('corrupt');
    createMock({ ...options, providers: ['osapi'], cache: dir });
    const [name] = readdirSync(dir);
    for (const garbage of ['{"format":1,"entries":{"spec:abc', '[1,2,3]', '{"format":99,"entries":{}}', '']) {
      writeFileSync(join(dir, name as string), garbage);
      const mock = createMock({ ...options, providers: ['osapi'], cache: dir });
      expect(mock.problems).toEqual([]);
      expect(mock.cache.hits).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, name as string), 'utf8')).format).toBe(1);
    }
  });

  it('an unusable folder only means no cache', () => {
    const parent = tempDir('blocked');
    const blocked = join(parent, 'file');
    writeFileSync(blocked, 'not a folder');
    const mock = createMock({ ...options, providers: ['cata-pos'], cache: join(blocked, 'cache') });
    expect(mock.problems).toEqual([]);
    expect(mock.scenarioList().length).toBeGreaterThan(0);
    expect(readFileSync(blocked, 'utf8')).toBe('not a folder');
  });

  it('stores only values JSON carries exactly', () => {
    const dir = tempDir('exact');
    const cache = openLoadCache(dir);
    cache.set('scenario', 'a', { at: Number.POSITIVE_INFINITY });
    cache.set('scenario', 'b', { when: new Date(0) });
    cache.set('scenario', 'c', { gone: undefined });
    cache.set('scenario', 'd', { steps: [{ at: 0, status: 'PENDING' }] });
    cache.save();
    const reopened = openLoadCache(dir);
    expect(['a', 'b', 'c'].map((k) => reopened.get('scenario', k))).toEqual([undefined, undefined, undefined]);
    expect(reopened.get('scenario', 'd')).toEqual({ steps: [{ at: 0, status: 'PENDING' }] });
    // Keys are per kind: the same input under another kind is another entry.
    expect(reopened.get('check', 'd')).toBeUndefined();
  });

  it('keeps at most 512 entries, the newest', () => {
    const dir = tempDir('cap');
    const cache = openLoadCache(dir);
    for (let i = 0; i < 600; i++) cache.set('check', `input ${i}`, true);
    cache.save();
    const reopened = openLoadCache(dir);
    expect(reopened.get('check', 'input 87')).toBeUndefined();
    expect(reopened.get('check', 'input 88')).toBe(true);
    expect(reopened.get('check', 'input 599')).toBe(true);
  });

  it('is found and switched off the documented ways', () => {
    expect(resolveCacheDir(false, {})).toBeUndefined();
    expect(resolveCacheDir('/x', { JOB_CONTRACTS_CACHE: 'off' })).toBe('/x');
    for (const off of ['off', '0', 'false', 'NO']) expect(resolveCacheDir(undefined, { JOB_CONTRACTS_CACHE: off })).toBeUndefined();
    expect(resolveCacheDir(undefined, { JOB_CONTRACTS_CACHE_DIR: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
    expect(resolveCacheDir(undefined, {})).toBe(defaultCacheDir());
    expect(defaultCacheDir()).toBe(join(packageRoot(), 'node_modules', '.cache', 'job-contracts'));
  });
});
