import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobIdentity } from '../../src/core/functions.js';
import { type Job, JobStore } from '../../src/core/jobs.js';
import type { Scenario } from '../../src/core/scenario.js';
import { openMock } from '../helpers/drive.js';

// The job store (src/core/jobs.ts) is bounded: past its limit of live jobs the oldest one created
// through the API is forgotten, the seeded (pinned) ones stay, and deleted jobs are freed. A
// forgotten job must answer exactly as an id that never existed.

const scenario = { name: 'happy-path', description: '', steps: [] } as unknown as Scenario;

/** A job as the store sees it: only its id and its flags matter here. */
function jobFor(store: JobStore): Job {
  const index = store.nextIndex();
  return { identity: { id: `job-${index}`, index, tenant: 'acme', createdAt: 0 } as JobIdentity, scenario, template: undefined, parentId: undefined, polls: 0, actions: [], deleted: false, memo: undefined };
}

describe('job store bound', () => {
  it('keeps every live job and only those, in order, whatever is created, pinned or removed (model check)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), pinned: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 400 }), fc.nat({ max: 10 }), (limit, ops, page) => {
        const store = new JobStore(limit);
        const model: Array<{ job: Job; pinned: boolean }> = [];
        let evicted = 0;
        for (const step of ops) {
          if (step.kind === 'create') {
            if (model.length >= limit) {
              const oldest = model.findIndex((m) => !m.pinned);
              if (oldest !== -1) {
                const [gone] = model.splice(oldest, 1);
                expect(store.get((gone as { job: Job }).job.identity.id)).toBe((gone as { job: Job }).job);
                evicted++;
              }
            }
            model.push({ job: store.add(jobFor(store), step.pinned), pinned: step.pinned });
          } else if (model.length > 0) {
            const [gone] = model.splice(step.pick % model.length, 1);
            store.remove((gone as { job: Job }).job);
            expect((gone as { job: Job }).job.deleted).toBe(true);
          }
        }
        const expected = [...model.filter((m) => m.pinned), ...model.filter((m) => !m.pinned)].map((m) => m.job.identity.id);
        expect(store.all().map((j) => j.identity.id)).toEqual(expected);
        expect(store.size).toBe(model.length);
        expect(store.evicted).toBe(evicted);
        for (const m of model) expect(store.get(m.job.identity.id)).toBe(m.job);
        // Lists walk newest first (created through the API, then pinned) and stop at the page's end.
        const newest = [...model.filter((m) => !m.pinned).reverse(), ...model.filter((m) => m.pinned).reverse()].map((m) => m.job.identity.id);
        const visited: string[] = [];
        store.eachNewest((job) => visited.push(job.identity.id) < page);
        expect(visited).toEqual(newest.slice(0, Math.max(1, page)));
      }),
      { numRuns: 300 },
    );
  });

  it('compacts long runs of forgotten and deleted jobs without losing live ones', () => {
    const store = new JobStore(100);
    const live: Job[] = [];
    for (let i = 0; i < 20_000; i++) {
      const job = store.add(jobFor(store));
      live.push(job);
      if (i % 3 === 0) store.remove(live.splice(live.length - 2, 1)[0] as Job);
      while (live.length > 100) live.shift();
    }
    expect(store.all()).toEqual(live);
    expect(store.size).toBe(live.length);
  });

  it('refuses a limit below 1', () => {
    expect(() => new JobStore(0)).toThrow(/at least 1/);
  });

  it('a mock past maxJobs forgets the oldest created job, which then answers as a never-created id; seeded jobs stay', async () => {
    const drive = openMock({ providers: ['figur'], maxJobs: 20, seed: 'bound' });
    const { mock } = drive;
    const seeded = drive.info('figur').jobs;
    expect(seeded.length).toBeGreaterThan(5);
    const created = Array.from({ length: 100 }, () => mock.createJob('figur', 'stuck').id);
    expect(mock.jobCount()).toBe(20);
    expect(drive.info('figur').jobs.map((j) => j.id)).toEqual([...seeded.map((j) => j.id), ...created.slice(-(20 - seeded.length))]);

    const headers = drive.headers('figur', 'acme');
    const get = async (id: string) => {
      const response = await mock.handle(new Request(drive.url('figur', 'getJob', id), { headers }));
      return `${response.status} ${(await response.text()).replaceAll(id, '<id>').replace(/"request_id":"[^"]+"/, '')}`;
    };
    const never = await get(mock.providers.get('figur')?.unusedId() as string);
    expect(never).toMatch(/^404 /);
    expect(await get(created[0] as string)).toBe(never);
    expect(await get(created.at(-1) as string)).toMatch(/^200 /);
    for (const job of seeded.filter((j) => j.tenant === 'acme')) expect(await get(job.id)).toMatch(/^200 /);

    const health = await (await mock.handle(new Request('http://mock.test/__admin/health'))).json();
    expect(health).toMatchObject({ jobs: 20, evicted: 100 - (20 - seeded.length) });
  });

  it('a deleted OSAPI job is freed: no longer counted, listed or found', async () => {
    const drive = openMock({ providers: ['osapi'], seed: 'delete' });
    const { mock } = drive;
    const before = mock.jobCount();
    const { id } = mock.createJob('osapi', 'happy-path');
    expect(mock.jobCount()).toBe(before + 1);
    const headers = drive.headers('osapi', 'acme');
    const response = await mock.handle(new Request(drive.url('osapi', 'deleteJob', id), { method: 'DELETE', headers }));
    expect(response.status).toBeLessThan(300);
    expect(mock.jobCount()).toBe(before);
    expect(drive.info('osapi').jobs.map((j) => j.id)).not.toContain(id);
    expect((await mock.handle(new Request(drive.url('osapi', 'getJob', id), { headers }))).status).toBe(404);
  });

  it('the CLI refuses a --max-jobs that is not a whole number from 1', async () => {
    const { cli } = await import('../helpers/cli.js');
    const out = await cli(['mock', '--max-jobs', '0']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--max-jobs must be a whole number from 1/);
  });
});
