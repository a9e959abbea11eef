/**
 * Hot reload (`mock --watch`): an edited scenario takes effect for running jobs, a broken edit
 * keeps the last good version and names file and line, a removed scenario drops its jobs — through
 * `mock.reload()`, and once through the real file watcher.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { createMock, type ReloadReport } from '../../src/mock/mock.js';
import { watchMock } from '../../src/node/watch.js';

const root = packageRoot();
let dir = '';

/** A user provider in a temp folder: a copy of the built-in azure spec and its scenarios. */
function userProvider() {
  dir = mkdtempSync(join(tmpdir(), 'job-contracts-reload-'));
  const spec = join(dir, 'monitor.yaml');
  cpSync(join(root, 'specs', 'azure.yaml'), spec);
  cpSync(join(root, 'scenarios', 'azure'), join(dir, 'scenarios'), { recursive: true });
  const mock = createMock({ providers: [{ spec, scenarios: join(dir, 'scenarios') }], clock: 'manual', cache: false, seedJobs: false });
  const provider = mock.providers.get('monitor');
  if (!provider) throw new Error('the user provider did not load');
  const poll = async (id: string) => {
    const op = provider.contract.operation('getJob');
    const url = `http://mock.test/monitor${new URL(provider.contract.spec.serverUrl).pathname.replace(/\/$/, '')}${op?.path.replace(/\{[^}]+\}/, id)}?api-version=2024-01-01`;
    const res = await mock.handle(new Request(url, { headers: provider.tenants()[0]?.headers ?? {} }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { mock, provider, poll, scenarioFile: (name: string) => join(dir, 'scenarios', `${name}.yaml`) };
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('mock.reload()', () => {
  it('a running job follows the new version of its scenario', async () => {
    const { mock, poll, scenarioFile } = userProvider();
    const { id } = mock.createJob('monitor', 'failure');
    const file = scenarioFile('failure');
    const before = readFileSync(file, 'utf8');
    const code = /code: (\S+)/.exec(before)?.[1] as string;
    writeFileSync(file, before.replace(`code: ${code}`, 'code: EditedWhileRunning'));
    const report = mock.reload();
    expect(report).toMatchObject({ reloaded: ['monitor'], kept: [], problems: [], dropped: 0 });
    mock.clock.advance(10 * 60_000);
    const after = await poll(id);
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).toContain('EditedWhileRunning');
    expect(JSON.stringify(after.body)).not.toContain(code);
  });

  it('a broken edit keeps the last good version and names the file and line', async () => {
    const { mock, poll, scenarioFile } = userProvider();
    const { id } = mock.createJob('monitor', 'happy-path');
    writeFileSync(scenarioFile('happy-path'), 'name: happy-path\ndescription: broken\nsteps:\n  - at: 0\n    set: [not, a, map\n');
    const report: ReloadReport = mock.reload();
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.message).toMatch(/happy-path\.yaml:\d+/);
    expect(mock.providers.get('monitor')?.scenarios.has('happy-path')).toBe(true);
    mock.clock.advance(10 * 60_000);
    expect((await poll(id)).body.status).toBe('Succeeded');
  });

  it('a spec that no longer loads keeps the provider as it was', async () => {
    const { mock, poll } = userProvider();
    const { id } = mock.createJob('monitor', 'happy-path');
    writeFileSync(join(dir, 'monitor.yaml'), 'openapi: 3.1.0\ninfo: { title: broken\n');
    const report = mock.reload();
    expect(report.kept).toEqual(['monitor']);
    expect(report.problems[0]?.message).toMatch(/monitor\.yaml/);
    expect((await poll(id)).status).toBe(200);
  });

  it('jobs whose scenario is gone are dropped and answer as never created', async () => {
    const { mock, poll, scenarioFile } = userProvider();
    const { id } = mock.createJob('monitor', 'slow');
    const kept = mock.createJob('monitor', 'happy-path').id;
    unlinkSync(scenarioFile('slow'));
    expect(mock.reload().dropped).toBe(1);
    expect((await poll(id)).status).toBe(404);
    expect((await poll(kept)).status).toBe(200);
  });
});

describe('watchMock (chokidar)', () => {
  it('reloads when a scenario file changes on disk', async () => {
    const { mock, scenarioFile } = userProvider();
    let resolveReload: (report: ReloadReport) => void = () => {};
    const reloaded = new Promise<ReloadReport>((resolve) => {
      resolveReload = resolve;
    });
    const watcher = watchMock(mock, { onReload: (report) => resolveReload(report), debounceMs: 10 });
    try {
      await watcher.ready;
      const file = scenarioFile('happy-path');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/description: .*/, 'description: edited on disk'));
      const report = await reloaded;
      expect(report.reloaded).toEqual(['monitor']);
      expect(mock.providers.get('monitor')?.scenarios.get('happy-path')?.description).toBe('edited on disk');
    } finally {
      await watcher.close();
    }
  }, 15_000);
});
