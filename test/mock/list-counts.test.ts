/**
 * A list's per-value counts, totals and filtered pages are kept as jobs change (src/core/tally.ts),
 * not read off every job: over random sequences of create / advance / poll / cancel / respond /
 * retry / delete (with evictions), every list answer equals a full recount of the tenant's jobs
 * read from their timelines at that moment — the old O(jobs) walk — and passes the contract.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperationMock } from '../../src/core/definition.js';
import { getAt } from '../../src/core/pointer.js';
import { actionBodies, openMock, type OpenMock } from '../helpers/drive.js';

/** Every provider whose list counts or filters by document values. */
const providers = ['osapi', 'scenario', 'figur'] as const;
const tenants = ['acme', 'globex'];
const steps = [0, 1, 50, 500, 2_000, 10_000, 60_000, 600_000];

type Command =
  | { kind: 'create'; scenario: number; tenant: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'poll' | 'cancel' | 'respond' | 'retry' | 'delete'; job: number }
  | { kind: 'list'; tenant: number; size: number; offset: number; filters: number[] };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), scenario: fc.nat(20), tenant: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(...steps) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('poll' as const), job: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('cancel' as const, 'respond' as const, 'retry' as const, 'delete' as const), job: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('list' as const), tenant: fc.nat(1), size: fc.integer({ min: 1, max: 3 }), offset: fc.nat(3), filters: fc.array(fc.nat(30), { maxLength: 2 }) }) },
);

/** Where in a list answer template each `{{countBy …}}` and `{{total}}` goes. */
function membersOf(template: unknown, path: string[] = [], out: { countBy: Array<[string[], string]>; total: string[][]; items: string[][] } = { countBy: [], total: [], items: [] }) {
  if (typeof template === 'string') {
    const counted = /^\{\{countBy (\S+)\}\}$/.exec(template);
    if (counted) out.countBy.push([path, counted[1] as string]);
    if (template === '{{total}}') out.total.push(path);
    if (template === '{{items}}') out.items.push(path);
  } else if (template && typeof template === 'object') for (const [key, value] of Object.entries(template)) membersOf(value, [...path, key], out);
  return out;
}

const at = (body: unknown, path: string[]) => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);

async function run(drive: OpenMock, id: string, commands: Command[]): Promise<number> {
  const { mock } = drive;
  const provider = mock.providers.get(id);
  if (!provider) throw new Error(`no ${id}`);
  const list = provider.contract.operation('listJobs');
  const listMock = list?.mock as OperationMock;
  const members = membersOf(listMock.answer?.body);
  const filters = Object.entries(listMock.filters ?? {});
  const page = listMock.page ?? { style: 'offset' as const, limit: 'limit', offset: 'offset' };
  const scenarios = [...provider.scenarios.keys()];
  const roleOf = { cancel: 'cancelJob', respond: 'respondToJob', retry: 'retryJob', delete: 'deleteJob' } as const;
  const lifecycle = provider.contract.spec.lifecycle;
  const known: string[] = [];
  let lists = 0;
  // The old walk: every live job of the tenant, newest first, read from its timeline now
  // (not through the render memo, which the tally listens to).
  const walk = (tenant: string) => provider.store.all().filter((j) => j.identity.tenant === tenant).reverse();
  const valueOf = (job: Parameters<typeof provider.timeline>[0], pointer: string) => String(getAt(provider.timeline(job).doc, pointer));
  const everyCommand = commands.flatMap((c): Command[] => [c, ...tenants.map((_, tenant): Command => ({ kind: 'list', tenant, size: 1, offset: 0, filters: [] }))]);
  for (const c of everyCommand) {
    if (c.kind === 'create') known.push(mock.createJob(id, scenarios[c.scenario % scenarios.length] as string, tenants[c.tenant]).id);
    else if (c.kind === 'advance') mock.clock.advance(c.ms);
    else if (c.kind === 'list') {
      const tenant = tenants[c.tenant] as string;
      const jobs = walk(tenant);
      const query: Record<string, string> = { [page.style === 'offset' ? page.limit : page.size]: String(c.size) };
      if (page.style === 'offset') query[page.offset] = String(c.offset);
      const chosen = new Map<string, [string, string]>();
      for (const pick of c.filters) {
        const [param, pointer] = filters[pick % Math.max(1, filters.length)] ?? [];
        if (param === undefined || pointer === undefined) continue;
        const allowed = (list?.parameters.find((p) => p.name === param)?.schema as { enum?: string[] } | undefined)?.enum;
        // Mostly a value some job holds (an allowed one), now and then any allowed value.
        const present = [...new Set(jobs.map((j) => valueOf(j, pointer)))].filter((v) => !allowed || allowed.includes(v));
        const values = present.length > 0 && pick % 4 !== 0 ? present : (allowed ?? present);
        if (values.length > 0) chosen.set(param, [values[pick % values.length] as string, pointer]);
      }
      for (const [param, [value]] of chosen) query[param] = value;
      const matching = jobs.filter((j) => [...chosen.values()].every(([value, pointer]) => valueOf(j, pointer) === value));
      const got = await drive.observe(id, 'listJobs', await mock.handle(new Request(drive.url(id, 'listJobs', undefined, query), { headers: drive.headers(id, tenant) })));
      expect(got.status).toBe(200);
      expect(got.issues).toEqual([]);
      lists++;
      for (const [path, pointer] of members.countBy) {
        const recount: Record<string, number> = {};
        for (const job of jobs) recount[valueOf(job, pointer)] = (recount[valueOf(job, pointer)] ?? 0) + 1;
        const counted = at(got.body, path) as Record<string, number>;
        // The lifecycle's states all show, 0 for none: the non-zero ones are the recount.
        expect(Object.fromEntries(Object.entries(counted).filter(([, n]) => n !== 0))).toEqual(recount);
        if (pointer === lifecycle.status) for (const state of Object.keys(lifecycle.transitions)) expect(counted[state]).toBeTypeOf('number');
      }
      for (const path of members.total) expect(at(got.body, path)).toBe(matching.length);
      const start = page.style === 'offset' ? c.offset : 0;
      const expected = matching.slice(start, start + c.size);
      const pageItems = at(got.body, members.items[0] ?? []) as unknown[];
      expect(pageItems).toHaveLength(expected.length);
      pageItems.forEach((item, i) => expect(JSON.stringify(item)).toContain(expected[i]?.identity.id));
    } else {
      const jobId = known[c.job % Math.max(1, known.length)];
      const job = jobId === undefined ? undefined : provider.store.get(jobId);
      if (!job) continue;
      const headers = drive.headers(id, job.identity.tenant);
      if (c.kind === 'poll') {
        const got = await drive.call(id, 'getJob', job.identity.id, { headers });
        expect(got.issues).toEqual([]);
        continue;
      }
      const role = roleOf[c.kind];
      const op = provider.contract.operation(role);
      if (!op) continue;
      const body = actionBodies[id]?.[role] ?? (role === 'respondToJob' ? {} : undefined);
      const init: RequestInit = { method: op.method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
      const got = await drive.call(id, role, job.identity.id, init);
      expect(got.issues).toEqual([]);
    }
  }
  return lists;
}

describe('list counts, totals and filtered pages equal a full recount at every moment', () => {
  for (const id of providers) {
    for (const clock of ['manual', 'poll'] as const) {
      it(`${id}, ${clock} clock: random create / advance / poll / act / delete / list sequences`, async () => {
        let lists = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 60, size: 'max' }), async (commands) => {
            // Few jobs kept: creations evict the oldest, which the counts must forget too. Both
            // tenants' first pages are checked after every command, besides the random lists.
            lists += await run(openMock({ providers: [id], clock, seedJobs: false, maxJobs: 16 }), id, commands);
          }),
          { numRuns: 30, seed: 14 },
        );
        expect(lists).toBeGreaterThan(25);
      }, 120_000);
    }
  }
});

describe('a list renders its page, not every job', () => {
  it('osapi: a page of 3 out of 200 jobs leaves 3 jobs rendered, counts included, after steps pass', async () => {
    const drive = openMock({ providers: ['osapi'], seedJobs: false });
    const provider = drive.mock.providers.get('osapi');
    if (!provider) throw new Error('no osapi');
    for (let i = 0; i < 200; i++) drive.mock.createJob('osapi', i % 2 ? 'slow' : 'happy-path', 'acme');
    for (const ms of [0, 5_000, 600_000]) {
      drive.mock.clock.advance(ms);
      const got = await drive.observe('osapi', 'listJobs', await drive.mock.handle(new Request(drive.url('osapi', 'listJobs', undefined, { limit: '3' }), { headers: drive.headers('osapi') })));
      expect(got.status).toBe(200);
      expect(got.issues).toEqual([]);
      expect(Object.values((got.body as { status_counts: Record<string, number> }).status_counts).reduce((a, b) => a + b, 0)).toBe(200);
      expect(provider.store.all().filter((job) => job.memo !== undefined)).toHaveLength(3);
    }
  });
});
