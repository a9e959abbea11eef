import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/mock/mock.js';
import { JobStore, type StoredJob } from '../../src/mock/store.js';
import { adapters } from '../../src/providers/registry.js';

// The job store is bounded: past `maxJobs` live jobs the oldest one created through the API is
// forgotten, the seeded ones stay, and deleted jobs are freed. A forgotten job must answer
// exactly as an id that never existed.

const scenario = { name: 'happy-path', description: '', steps: [{ at: 0, status: 'PENDING' }] } as never;

describe('job store bound', () => {
  it('keeps every live job and only those, in order, whatever is created, pinned or removed (model check)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), pinned: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 400 }), (limit, ops) => {
        const store = new JobStore(adapters.figur, 'model', limit);
        const model: Array<{ job: StoredJob; pinned: boolean }> = [];
        let evicted = 0;
        for (const step of ops) {
          if (step.kind === 'create') {
            if (model.length >= limit) {
              const oldest = model.findIndex((m) => !m.pinned);
              if (oldest !== -1) {
                model.splice(oldest, 1);
                evicted++;
              }
            }
            model.push({ job: store.create({ scenario, tenant: 'acme', createdAt: 0, pinned: step.pinned }), pinned: step.pinned });
          } else if (model.length > 0) {
            const [gone] = model.splice(step.pick % model.length, 1);
            store.remove((gone as { job: StoredJob }).job);
          }
        }
        const expected = [...model.filter((m) => m.pinned), ...model.filter((m) => !m.pinned)].map((m) => m.job.record.id);
        expect(store.all().map((j) => j.record.id)).toEqual(expected);
        expect(store.size).toBe(model.length);
        expect(store.evicted).toBe(evicted);
        for (const m of model) expect(store.get(m.job.record.id)).toBe(m.job);
      }),
      { numRuns: 300 },
    );
  });

  it('compacts long runs of forgotten and deleted jobs without losing live ones', () => {
    const store = new JobStore(adapters.osapi, 'long', 100);
    const live: StoredJob[] = [];
    for (let i = 0; i < 20_000; i++) {
      const job = store.create({ scenario, tenant: 'acme', createdAt: 0 });
      live.push(job);
      if (i % 3 === 0) store.remove(live.splice(live.length - 2, 1)[0] as StoredJob);
      while (live.length > 100) live.shift();
    }
    expect(store.all()).toEqual(live);
    expect(store.size).toBe(live.length);
  });

  it('a mock past maxJobs forgets the oldest created job, which then answers as a never-created id; seeded jobs stay', async () => {
    const mock = createMock({ clock: 'manual', providers: ['figur'], maxJobs: 20, seed: 'bound' });
    const seeded = mock.describe('http://mock')[0]?.jobs ?? [];
    expect(seeded.length).toBeGreaterThan(5);
    const created = Array.from({ length: 100 }, () => mock.createJob('figur', 'stuck').id);
    expect(mock.jobCount()).toBe(20);
    const listed = mock.describe('http://mock')[0]?.jobs.map((j) => j.id) ?? [];
    expect(listed).toEqual([...seeded.map((j) => j.id), ...created.slice(-(20 - seeded.length))]);

    const info = mock.describe('http://mock')[0];
    const headers = info?.tenants.find((t) => t.id === 'acme')?.headers ?? {};
    const get = async (id: string) => {
      const response = await mock.handle(new Request(`${info?.baseUrl}/v1/jobs/${id}`, { headers }));
      return `${response.status} ${(await response.text()).replaceAll(id, '<id>').replace(/"request_id":"[^"]+"/, '')}`;
    };
    const stranger = createMock({ clock: 'manual', providers: ['figur'], seed: 'stranger', seedJobs: false }).createJob('figur', 'stuck').id;
    const never = await get(stranger);
    expect(never).toMatch(/^404 /);
    expect(await get(created[0] as string)).toBe(never);
    expect(await get(created.at(-1) as string)).toMatch(/^200 /);
    for (const job of seeded.filter((j) => j.tenant === 'acme')) expect(await get(job.id)).toMatch(/^200 /);

    const health = await (await mock.handle(new Request('http://mock/__admin/health'))).json();
    expect(health).toMatchObject({ jobs: 20, evicted: 100 - (20 - seeded.length) });
  });

  it('a deleted OSAPI job is freed: no longer counted, listed or found', async () => {
    const mock = createMock({ clock: 'manual', providers: ['osapi'], seed: 'delete' });
    const before = mock.jobCount();
    const { id } = mock.createJob('osapi', 'happy-path');
    expect(mock.jobCount()).toBe(before + 1);
    const info = mock.describe('http://mock')[0];
    const headers = info?.tenants.find((t) => t.id === 'acme')?.headers ?? {};
    const response = await mock.handle(new Request(`${info?.baseUrl}/job/${id}`, { method: 'DELETE', headers }));
    expect(response.status).toBeLessThan(300);
    expect(mock.jobCount()).toBe(before);
    expect(mock.describe('http://mock')[0]?.jobs.map((j) => j.id)).not.toContain(id);
    expect(mock.providers.get('osapi')?.store.get(id)).toBeUndefined();
  });

  it('the CLI refuses a --max-jobs that is not a whole number from 1', async () => {
    const { cli } = await import('../helpers/cli.js');
    const out = await cli(['mock', '--max-jobs', '0']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--max-jobs must be a whole number from 1/);
  });
});
