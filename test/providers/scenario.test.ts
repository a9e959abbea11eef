/**
 * The scenario provider through the mock's public door (`mock.handle`), without sockets: every
 * built-in scenario to its end, auth and tenancy, malformed ids, listJobs and the cancel action.
 * Every answer is checked against specs/scenario.yaml (status, content type, body).
 * @see ../../specs/scenario.yaml
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract, packageRoot, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { createMock } from '../../src/mock/index.js';

const lifecycle = loadContract('scenario').spec.lifecycle;
const ORIGIN = 'http://mock.test/scenario';
const NAMES = ['canceled', 'failure', 'flaky', 'happy-path', 'slow', 'stuck', 'warming-up', 'workflow'];

/** The `at` of each step of a built-in scenario file, as written. */
function stepTimes(name: string): number[] {
  const file = parse(readFileSync(join(packageRoot(), 'scenarios', 'scenario', `${name}.yaml`), 'utf8')) as { steps: Array<{ at: number }> };
  return file.steps.map((s) => s.at);
}

/** The demo credentials the mock lists per tenant (an API key pair, sent as Basic). */
function tenantHeaders(tenant: string): Record<string, string> {
  const [provider] = createMock({ providers: ['scenario'], clock: 'manual', seed: 'test', seedJobs: false }).describe('http://mock.test');
  const headers = provider?.tenants.find((t) => t.id === tenant)?.headers;
  if (!headers) throw new Error(`scenario lists no ${tenant} tenant`);
  return headers;
}
const acme = tenantHeaders('acme');
const globex = tenantHeaders('globex');
// Literal demo credentials from specs/scenario.yaml: acme's token, and its read-only viewer token.
const acmeBearer = { authorization: 'Bearer sct_acme_R2d8Kq4Lm7Nx1Vb5Tz9Hc3Wf6Pj0Ys' };
const acmeViewer = { authorization: 'Bearer sct_acme_view_J5r9Xm2Qe8Lt4Wc7Nb1Vk3' };

type Job = Record<string, unknown> & { status: string; metadata: Record<string, unknown>; statusHistory: Array<{ date: string; status: string }> };

function setup(mode: 'manual' | 'poll' = 'manual', limits: { bodyLimit?: number; rateLimit?: number } = {}) {
  const mock = createMock({ providers: ['scenario'], clock: mode, seed: 'test', seedJobs: false, sleep: async () => {}, ...limits });
  const clock = mock.clock;
  const create = (scenario: string, tenant = 'acme') => mock.createJob('scenario', scenario, tenant).id;
  /** Sends a request and checks the answer against the spec; returns status, headers, body. */
  const call = async (operation: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}) => {
    const init: RequestInit = { method, headers: { ...acme, ...options.headers } };
    if (options.body !== undefined) init.body = options.body;
    const response = await mock.handle(new Request(`${ORIGIN}${path}`, init));
    const text = await response.text();
    const body: unknown = JSON.parse(text);
    const result = validateResponse({ provider: 'scenario', operation, status: response.status, contentType: response.headers.get('content-type'), body });
    expect(result, `${method} ${path} → ${response.status} ${text}`).toEqual({ ok: true });
    return { status: response.status, headers: response.headers, body: body as Record<string, unknown>, text };
  };
  const getJob = (id: string, headers?: Record<string, string>) => call('getJob', 'GET', `/v1/jobs/${id}`, headers ? { headers } : {});
  const cancel = (id: string, headers?: Record<string, string>, body = '{"action":"cancel"}') =>
    call('cancelJob', 'POST', `/v1/jobs/${id}/action`, { headers: { 'content-type': 'application/json', ...headers }, body });
  const list = (query = '', headers?: Record<string, string>) => call('listJobs', 'GET', `/v1/jobs${query}`, headers ? { headers } : {});
  return { clock, mock, create, call, getJob, cancel, list };
}

const jobOf = (body: Record<string, unknown>) => body.job as Job;

describe('scenario built-in scenarios', () => {
  it('loads every required scenario without errors', () => {
    const { mock } = setup();
    expect(mock.problems.map((p) => p.message)).toEqual([]);
    expect(mock.scenarioList().map((s) => s.name).sort()).toEqual(NAMES);
  });

  const expected: Record<string, { final: string; statuses: string[]; faults?: number[] }> = {
    'happy-path': { final: 'success', statuses: ['queued', 'in-progress', 'success'] },
    failure: { final: 'failure', statuses: ['queued', 'in-progress', 'failure'] },
    slow: { final: 'success', statuses: ['queued', 'warming-up', 'in-progress', 'finalizing', 'success'] },
    stuck: { final: 'in-progress', statuses: ['queued', 'in-progress'] },
    flaky: { final: 'success', statuses: ['queued', 'in-progress', 'success'], faults: [503, 429] },
    canceled: { final: 'in-progress', statuses: ['queued', 'warming-up', 'in-progress'] },
    'warming-up': { final: 'success', statuses: ['queued', 'warming-up', 'in-progress', 'finalizing', 'success'] },
    workflow: { final: 'success', statuses: ['queued', 'in-progress', 'finalizing', 'success'] },
  };

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: every step renders valid and obeys the lifecycle`, async () => {
      const { clock, create, getJob } = setup();
      const id = create(name);
      expect(id).toMatch(/^job_[0-9A-Za-z]{24}$/);
      const start = clock.now();
      let previous: Job | undefined;
      const faults: number[] = [];
      for (const at of stepTimes(name)) {
        clock.advance(start + at - clock.now());
        const answer = await getJob(id);
        if (answer.status !== 200) {
          faults.push(answer.status);
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          continue;
        }
        const job = jobOf(answer.body);
        expect(checkSnapshot(lifecycle, job)).toEqual([]);
        if (previous) expect(checkTransition(lifecycle, previous, job, { direct: true })).toEqual([]);
        previous = job;
      }
      clock.advance(3_600_000);
      const last = jobOf((await getJob(id)).body);
      expect(checkTransition(lifecycle, previous, last)).toEqual([]);
      expect(last.status).toBe(want.final);
      expect(last.statusHistory.map((h) => h.status)).toEqual(want.statuses);
      expect(faults).toEqual(want.faults ?? []);
    });
  }

  it('happy-path ends with progress 1, four asset ids and stable renders', async () => {
    const a = setup();
    const b = setup();
    const id = a.create('happy-path');
    expect(b.create('happy-path')).toBe(id);
    a.clock.advance(10_000);
    b.clock.advance(10_000);
    const [x, y, z] = [await a.getJob(id), await b.getJob(id), await a.getJob(id)];
    expect(x.text).toBe(y.text);
    expect(x.text).toBe(z.text);
    const job = jobOf(x.body);
    expect(job).toMatchObject({ jobId: id, jobType: 'inference', progress: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:08.500Z' });
    expect(job.metadata.assetIds).toHaveLength(4);
    expect(job.metadata.error).toBeUndefined();
    expect(job.ownerId).toMatch(/^proj_[0-9A-Za-z]{24}$/);
    expect(job.billing).toMatchObject({ cuDiscount: 0 });
  });

  it('failure carries metadata.error and hint only once failed, at no cost', async () => {
    const { clock, create, getJob } = setup();
    const id = create('failure');
    clock.advance(4000);
    expect(jobOf((await getJob(id)).body).metadata.error).toBeUndefined();
    clock.advance(2000);
    const job = jobOf((await getJob(id)).body);
    expect(job.metadata).toMatchObject({ error: 'Training dataset contains fewer than 5 images', hint: expect.stringContaining('5 training images') });
    expect(job).toMatchObject({ progress: 0.35, billing: { cuCost: 0, cuDiscount: 0 } });
  });

  it('workflow: metadata.flow nodes each change status over the steps', async () => {
    const { clock, create, getJob } = setup();
    const id = create('workflow');
    const statusOf = async () => {
      const flow = jobOf((await getJob(id)).body).metadata.flow as Array<{ id: string; status: string; type: string; jobId?: string; assets?: unknown[] }>;
      return Object.fromEntries(flow.map((n) => [n.id, n.status]));
    };
    expect(Object.values(await statusOf()).every((s) => s === 'pending')).toBe(true);
    clock.advance(3000);
    expect(await statusOf()).toMatchObject({ prompt: 'success', loop: 'processing', render: 'skipped', 'render-0': 'processing' });
    clock.advance(7000);
    expect(await statusOf()).toMatchObject({ loop: 'success', 'render-1': 'success', check: 'success', draft: 'skipped', approve: 'processing', upscale: 'pending' });
    clock.advance(12_000);
    const job = jobOf((await getJob(id)).body);
    expect(await statusOf()).toMatchObject({ approve: 'success', upscale: 'success' });
    const flow = job.metadata.flow as Array<Record<string, unknown>>;
    const types = new Set(flow.map((n) => n.type));
    for (const t of ['for-each', 'logic', 'user-approval']) expect(types.has(t)).toBe(true);
    const upscale = flow.find((n) => n.id === 'upscale') as { jobId: string; assets: Array<{ assetId: string }> };
    expect(upscale.jobId).toMatch(/^job_/);
    expect(job.metadata.assetIds).toContain(upscale.assets[0]?.assetId);
    expect(job.metadata.assetIds).toHaveLength(3);
    expect(flow.find((n) => n.id === 'approve')?.jobId).toBeUndefined();
    // Scenario's own `{{…}}` syntax inside node data reaches the client literally.
    expect((flow.find((n) => n.id === 'check') as { logic: { cases: Array<{ condition: string }> } }).logic.cases[0]?.condition).toBe('{{loop.count}} > 1');
  });
});

describe('scenario auth and tenancy', () => {
  it('reads Basic and Bearer credentials (any scheme case) and answers 401 to garbage, never a crash', async () => {
    const { create, getJob } = setup();
    const id = create('stuck');
    for (const headers of [acme, globex, acmeBearer, acmeViewer, { authorization: acmeBearer.authorization.replace('Bearer', 'bearer') }]) {
      expect((await getJob(id, headers)).status).not.toBe(401);
    }
    for (const bad of ['', 'Basic', 'Basic !!!', 'Basic abc', `Basic ${btoa('nocolon')}`, `Basic ${btoa(':secret')}`, 'Digest abc', 'Bearer a b', `Bearer ${'x'.repeat(5000)}`, 'Basic ====']) {
      expect((await getJob(id, { authorization: bad })).status, bad).toBe(401);
    }
  });

  it('401 without, with unknown or with garbled credentials, on every operation', async () => {
    const { create, getJob, list, cancel } = setup();
    const id = create('stuck');
    for (const authorization of ['', 'Basic %%%', `Basic ${btoa('api_nobody:secret')}`, 'Bearer sct_unknown', `Token ${btoa('a:b')}`]) {
      const headers = { authorization };
      expect((await getJob(id, headers)).status).toBe(401);
      expect((await list('', headers)).status).toBe(401);
      expect((await cancel(id, headers)).status).toBe(401);
    }
  });

  it('Bearer works like Basic; the viewer token reads but gets 403 on cancel', async () => {
    const { create, getJob, list, cancel } = setup();
    const id = create('stuck');
    expect((await getJob(id, acmeBearer)).status).toBe(200);
    expect((await getJob(id, acmeViewer)).status).toBe(200);
    expect((await list('', acmeViewer)).status).toBe(200);
    const denied = await cancel(id, acmeViewer);
    expect(denied.status).toBe(403);
    expect(jobOf((await getJob(id)).body).status).toBe('queued');
  });

  it("another tenant's job answers exactly like an id that never existed", async () => {
    const { create, getJob, cancel } = setup();
    const mine = create('happy-path', 'acme');
    const theirs = create('happy-path', 'globex');
    expect((await getJob(theirs, globex)).status).toBe(200);
    const unknown = 'job_000000000000000000000000';
    const [a, b] = [await getJob(theirs), await getJob(unknown)];
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(a.text.replace(theirs, 'ID')).toBe(b.text.replace(unknown, 'ID'));
    const [c, d] = [await cancel(theirs), await cancel(unknown)];
    expect([c.status, d.status]).toEqual([404, 404]);
    expect(c.text.replace(theirs, 'ID')).toBe(d.text.replace(unknown, 'ID'));
    expect(jobOf((await getJob(mine)).body).ownerId).not.toBe(jobOf((await getJob(theirs, globex)).body).ownerId);
  });

  it('malformed ids answer the documented 400 (after auth)', async () => {
    const { getJob, cancel } = setup();
    for (const bad of ['abc', 'job_', 'job_a-b', 'JOB_abc', `job_${'a'.repeat(300)}`, '%E0%A4%A']) {
      const got = await getJob(bad);
      expect(got.status).toBe(400);
      expect(String(got.body.message)).toContain('jobId');
      expect((await cancel(bad)).status).toBe(400);
    }
    expect((await getJob('abc', { authorization: '' })).status).toBe(401);
  });

  it('a body over the limit answers 400 (no 413 is documented); too many requests 429 with Retry-After', async () => {
    const small = setup('manual', { bodyLimit: 16 });
    const id = small.create('stuck');
    const big = await small.cancel(id, undefined, JSON.stringify({ action: 'cancel', padding: 'x'.repeat(64) }));
    expect(big.status).toBe(400);
    expect(big.body.message).toContain('larger than 16 bytes');
    const limited = setup('manual', { rateLimit: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await limited.list()).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await limited.getJob('job_000000000000000000000000')).headers.get('retry-after')).toBe('1');
  });

  it('per-request faults answer valid 500/502/503/429 bodies', async () => {
    const { create, call } = setup();
    const id = create('stuck');
    for (const [fault, status] of [['500', 500], ['502', 502], ['503', 503], ['429', 429]] as const) {
      expect((await call('getJob', 'GET', `/v1/jobs/${id}`, { headers: { prefer: `fault=${fault}` } })).status).toBe(status);
      expect((await call('listJobs', 'GET', '/v1/jobs', { headers: { prefer: `fault=${fault}` } })).status).toBe(status);
    }
  });
});

describe('scenario listJobs', () => {
  async function seeded() {
    const s = setup();
    const ids = ['happy-path', 'failure', 'stuck', 'workflow', 'happy-path', 'canceled', 'slow'].map((scenario) => s.create(scenario));
    const globexIds = [s.create('happy-path', 'globex'), s.create('stuck', 'globex')];
    s.clock.advance(7000);
    return { ...s, ids, globexIds };
  }

  it("lists only this tenant's jobs, newest first, with current state", async () => {
    const { list, ids } = await seeded();
    const page = await list();
    const jobs = page.body.jobs as Job[];
    expect(jobs.map((j) => j.jobId)).toEqual([...ids].reverse());
    expect(page.body.nextPaginationToken).toBeUndefined();
    expect(jobs.find((j) => j.jobId === ids[1])?.status).toBe('failure');
  });

  it('filters by status and type', async () => {
    const { list, ids } = await seeded();
    const failed = (await list('?status=failure')).body.jobs as Job[];
    expect(failed.map((j) => j.jobId)).toEqual([ids[1]]);
    const workflows = (await list('?type=workflow')).body.jobs as Job[];
    expect(workflows.map((j) => j.jobId)).toEqual([ids[3]]);
    const both = (await list('?type=inference&status=in-progress')).body.jobs as Job[];
    expect(both.map((j) => j.jobId)).toEqual([ids[5], ids[4], ids[2], ids[0]]);
    expect((await list('?type=upscale')).body.jobs).toEqual([]);
  });

  it('pages with an opaque, deterministic nextPaginationToken', async () => {
    const { list, ids } = await seeded();
    const seen: string[] = [];
    const tokens: string[] = [];
    let query = '?pageSize=3';
    for (let i = 0; i < 5; i++) {
      const page = await list(query);
      seen.push(...(page.body.jobs as Job[]).map((j) => j.jobId as string));
      const next = page.body.nextPaginationToken as string | undefined;
      if (!next) break;
      tokens.push(next);
      query = `?pageSize=3&paginationToken=${next}`;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await list('?pageSize=3')).body.nextPaginationToken).toBe(tokens[0]);
  });

  it('answers 400 for a bad status, pageSize or token (including a token of another tenant)', async () => {
    const { list, globexIds } = await seeded();
    const globexPage = await list('?pageSize=1', globex);
    expect((globexPage.body.jobs as Job[]).map((j) => j.jobId)).toEqual([globexIds[1]]);
    const theirs = String(globexPage.body.nextPaginationToken);
    for (const query of ['?status=done', '?pageSize=0', '?pageSize=-1', '?pageSize=x', '?paginationToken=%%%', '?paginationToken=abc', `?paginationToken=${theirs}`]) {
      const got = await list(query);
      expect(got.status, query).toBe(400);
    }
  });
});

describe('scenario cancel action', () => {
  it('cancels a running job: canceled, history appended, error set, and it stays canceled', async () => {
    const { clock, create, getJob, cancel } = setup();
    const id = create('canceled');
    clock.advance(65_000);
    const before = jobOf((await getJob(id)).body);
    clock.advance(1000);
    const answer = await cancel(id);
    expect(answer.status).toBe(200);
    const job = jobOf(answer.body);
    expect(job.status).toBe('canceled');
    expect(job.statusHistory.map((h) => h.status)).toEqual(['queued', 'warming-up', 'in-progress', 'canceled']);
    expect(job.statusHistory.at(-1)?.date).toBe('2026-01-01T00:01:06.000Z');
    expect(job.metadata.error).toBe('The job was canceled by the user.');
    expect(checkTransition(lifecycle, before, job, { direct: true })).toEqual([]);
    clock.advance(600_000);
    const later = await getJob(id);
    expect(later.text).toBe(JSON.stringify(answer.body));
    const again = await cancel(id);
    expect(again.status).toBe(400);
    expect(String(again.body.message)).toContain('canceled');
  });

  it('cancels a workflow: unfinished nodes are skipped', async () => {
    const { clock, create, cancel } = setup();
    const id = create('workflow');
    clock.advance(12_000);
    const flow = jobOf((await cancel(id)).body).metadata.flow as Array<{ id: string; status: string }>;
    expect(Object.fromEntries(flow.map((n) => [n.id, n.status]))).toMatchObject({ prompt: 'success', approve: 'skipped', upscale: 'skipped' });
  });

  it('answers 400 for a job that already ended, and for a bad or missing body', async () => {
    const { clock, create, cancel, getJob } = setup();
    const done = create('happy-path');
    const running = create('stuck');
    clock.advance(10_000);
    const got = await cancel(done);
    expect(got.status).toBe(400);
    expect(String(got.body.message)).toContain('already success');
    for (const body of ['{"action":"delete"}', '{}', '{"action":"cancel","force":true}', '{not json', '']) {
      expect((await cancel(running, undefined, body)).status, body).toBe(400);
    }
    expect(jobOf((await getJob(running)).body).status).toBe('in-progress');
  });

  it('in poll mode the canceled job shows on the next poll at the latest', async () => {
    const { create, getJob, cancel } = setup('poll');
    const id = create('canceled');
    for (let i = 0; i < 4; i++) await getJob(id);
    // The core counts a poll-mode action from the next poll on, so the answer itself may still
    // show the running job (the spec allows any status on the cancel answer).
    expect((await cancel(id)).status).toBe(200);
    const job = jobOf((await getJob(id)).body);
    expect(job.status).toBe('canceled');
    expect(checkSnapshot(lifecycle, job)).toEqual([]);
  });
});
