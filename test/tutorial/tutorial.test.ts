/**
 * Follows README "Add your own job API" as written: its files, copied from the README into an
 * empty folder, make a provider with no TypeScript that works in the mock, in `validate`, in
 * `check` and in MSW.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJobs } from '../../src/check/index.js';
import { createContracts, packageRoot } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { createJobHandlers } from '../../src/msw/index.js';
import { cli } from '../helpers/cli.js';

const root = packageRoot();

/** The tutorial's files, exactly as the README shows them (`<!-- tutorial:<path> -->` blocks). */
function readmeFiles(): Map<string, string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const files = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- tutorial:(\S+) -->\s*```\w+\n([\s\S]*?)```\s*<!-- \/tutorial -->/g)) files.set(m[1] as string, m[2] as string);
  return files;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const files = readmeFiles();
// The reader's empty folder, filled with what the README says to write.
const folder = mkdtempSync(join(tmpdir(), 'job-contracts-tutorial-'));
for (const [name, text] of files) {
  mkdirSync(dirname(join(folder, name)), { recursive: true });
  writeFileSync(join(folder, name), text);
}
const spec = join(folder, 'render-farm.yaml');
const scenarios = join(folder, 'scenarios');
const contracts = createContracts({ files: new Map([['render-farm', spec]]) });
const contract = contracts.get('render-farm');
const acme = { 'x-api-key': 'rf_test_acme_key' };
const globex = { 'x-api-key': 'rf_test_globex_key' };
const base = 'http://mock.test/render-farm';
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function newMock(): Mock {
  const mock = createMock({ providers: [{ spec, scenarios }], clock: 'manual', seed: 'tutorial', seedJobs: false, cache: false });
  expect(mock.problems.map((p) => p.message)).toEqual([]);
  return mock;
}

async function call(mock: Mock, path: string, init: RequestInit = {}) {
  const response = await mock.handle(new Request(`${base}${path}`, init));
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const start = (mock: Mock, scenario?: string, headers: Record<string, string> = acme, body: unknown = { scene_url: 'https://assets.example/teapot.blend' }) =>
  call(mock, '/v1/renders', { method: 'POST', headers: { ...headers, 'content-type': 'application/json', ...(scenario ? { prefer: `scenario=${scenario}` } : {}) }, body: JSON.stringify(body) });

describe('the tutorial files', () => {
  it('are the README blocks, byte for byte the files of examples/render-farm/, and hold no TypeScript', () => {
    expect([...files.keys()].sort()).toEqual(['job-contracts.config.yaml', 'render-farm.test.js', 'render-farm.yaml', 'scenarios/failure.yaml', 'scenarios/happy-path.yaml']);
    const example = join(root, 'examples', 'render-farm');
    expect(listFiles(example)).toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(readFileSync(join(example, name), 'utf8'), name).toBe(text);
    expect(listFiles(folder).filter((f) => /\.[cm]?tsx?$/.test(f))).toEqual([]);
  });
});

describe('the mock of the tutorial provider', () => {
  for (const [scenario, path, final] of [
    ['happy-path', ['queued', 'rendering', 'done'], 'done'],
    ['failure', ['queued', 'rendering', 'failed'], 'failed'],
  ] as const) {
    it(`plays ${scenario} to its end; every answer passes the validators and the lifecycle`, async () => {
      const mock = newMock();
      const created = await start(mock, scenario);
      expect(created.status).toBe(202);
      expect(contract.validateResponse({ operation: 'createJob', ...created })).toEqual({ ok: true });
      const id = created.body?.id as string;
      const seen: string[] = [];
      let before: unknown;
      for (let poll = 0; poll < 40; poll++) {
        const answer = await call(mock, `/v1/renders/${id}`, { headers: acme });
        expect(answer.status).toBe(200);
        expect(contract.validateResponse({ operation: 'getJob', ...answer })).toEqual({ ok: true });
        expect(checkSnapshot(contract.spec.lifecycle, answer.body)).toEqual([]);
        if (before !== undefined) expect(checkTransition(contract.spec.lifecycle, before, answer.body)).toEqual([]);
        before = answer.body;
        const status = answer.body?.status as string;
        if (seen.at(-1) !== status) seen.push(status);
        if (status === final) break;
        mock.clock.advance(250);
      }
      expect(seen).toEqual(path);
      if (final === 'done') expect((before as { output_url: string }).output_url).toBe(`https://cdn.render-farm.example/${id}.mp4`);
      else expect((before as { error: { code: string } }).error.code).toBe('scene_unreadable');
    });
  }

  it("answers a missing key, another tenant's render and a bad body in the spec's error shape", async () => {
    const mock = newMock();
    const id = (await start(mock)).body?.id as string;
    const answers = [
      [await call(mock, `/v1/renders/${id}`), 'getJob', 401],
      [await call(mock, `/v1/renders/${id}`, { headers: globex }), 'getJob', 404],
      [await call(mock, '/v1/renders/rnd_000000000000', { headers: acme }), 'getJob', 404],
      [await start(mock, undefined, acme, { frames: 24 }), 'createJob', 400],
      [await start(mock, undefined, {}), 'createJob', 401],
    ] as const;
    for (const [answer, operation, status] of answers) {
      expect(answer.status).toBe(status);
      expect(contract.validateResponse({ operation, ...answer })).toEqual({ ok: true });
    }
  });
});

describe('the CLI with the tutorial files', () => {
  const cwd = process.cwd();
  afterAll(() => process.chdir(cwd));

  it('validate --spec accepts a body the mock answered and rejects a broken one', async () => {
    const mock = newMock();
    const id = (await start(mock)).body?.id as string;
    mock.clock.advance(10_000);
    const body = (await call(mock, `/v1/renders/${id}`, { headers: acme })).body;
    writeFileSync(join(folder, 'render.json'), JSON.stringify(body));
    const good = await cli(['validate', '--spec', spec, '--operation', 'getJob', join(folder, 'render.json')]);
    expect(good, good.stderr).toMatchObject({ code: 0 });
    expect(good.stdout).toMatch(/^valid: .*render-farm getJob 200/);
    const broken = await cli(['validate', '--spec', spec, '--operation', 'getJob', '-'], JSON.stringify({ ...body, status: 'finished' }));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/\/status\s+enum/);
  });

  it('reads job-contracts.config.yaml in the working directory: no flags needed', async () => {
    process.chdir(folder);
    const listed = await cli(['scenarios']);
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['render-farm/failure', 'render-farm/happy-path']);
    writeFileSync(join(folder, 'queued.json'), JSON.stringify({ id: 'rnd_0123456789ab', status: 'queued', progress: 0, created_at: '2026-01-01T00:00:00Z' }));
    expect(await cli(['validate', 'queued.json'])).toMatchObject({ code: 0 });
    // The config lists only render-farm: a built-in id is refused by name.
    const figur = await cli(['validate', '--provider', 'figur', 'queued.json']);
    expect(figur.code).toBe(2);
    expect(figur.stderr).toMatch(/--provider must be one of render-farm \(providers from job-contracts.config.yaml\)/);
    process.chdir(cwd);
  });
});

describe('check against the tutorial mock', () => {
  it('passes for a render started through the API, probes included', async () => {
    const mock = newMock();
    const id = (await start(mock)).body?.id as string;
    const report = await checkJobs({
      provider: 'render-farm',
      spec,
      baseUrl: base,
      jobs: [id],
      headers: acme,
      otherTenantHeaders: globex,
      intervalMs: 500,
      fetch: (url, init) => mock.handle(new Request(url, init)),
      now: () => mock.clock.now(),
      sleep: async (ms) => mock.clock.advance(ms),
    });
    expect(report.summary).toMatchObject({ violations: 0, errors: 0 });
    expect(report.jobs[0]?.finalStatus).toBe('done');
    expect(report.probes.map((p) => [p.name, p.ok])).toEqual([
      ['auth', true],
      ['unknown-id', true],
      ['malformed-id', true],
      ['tenant', true],
    ]);
  });
});

describe('MSW handlers of the tutorial provider', () => {
  const farm = createJobHandlers({ spec, scenarios, clock: 'manual', seed: 'tutorial' });
  const server = setupServer(...farm.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it("answer at the spec's server URL, valid at every poll, until the render is done", async () => {
    expect(farm.baseUrl).toBe('https://api.render-farm.example');
    const started = await fetch(`${farm.baseUrl}/v1/renders`, { method: 'POST', headers: { ...farm.tenants.acme, 'content-type': 'application/json' }, body: JSON.stringify({ scene_url: 'https://assets.example/teapot.blend' }) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let body: Record<string, unknown> = {};
    for (let poll = 0; poll < 40 && body.status !== 'done'; poll++) {
      const res = await fetch(`${farm.baseUrl}/v1/renders/${id}`, { headers: farm.tenants.acme ?? {} });
      body = (await res.json()) as Record<string, unknown>;
      expect(contract.validateResponse({ operation: 'getJob', status: res.status, contentType: res.headers.get('content-type'), body })).toEqual({ ok: true });
      farm.advance(1000);
    }
    expect(body.status).toBe('done');
    expect(farm.runToEnd(farm.createJob('failure'))).toMatchObject({ status: 'failed', error: { code: 'scene_unreadable' } });
  });

  it('take the provider as `provider: { spec, scenarios }` too, and refuse a spec that is not there', () => {
    const same = createJobHandlers({ provider: { spec, scenarios }, clock: 'manual' });
    expect(same.provider).toBe('render-farm');
    expect(same.jobs.map((j) => `${j.tenant}/${j.scenario}`)).toEqual(['acme/failure', 'acme/happy-path', 'globex/happy-path']);
    expect(() => createJobHandlers({ spec: join(folder, 'nope.yaml'), scenarios })).toThrow(/Cannot read .*nope\.yaml/);
  });
});
