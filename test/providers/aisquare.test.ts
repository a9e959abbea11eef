/**
 * The aisquare provider through the mock's public door (`mock.handle`), without sockets: every
 * built-in scenario polled to its end, auth, tenancy, malformed ids and the fault answers —
 * each answer checked against specs/aisquare.yaml.
 * @see ../../specs/aisquare.yaml
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { createMock, type Mock } from '../../src/mock/index.js';

type Body = Record<string, unknown>;
type AgentEvent = { id: number; uid: string; type: string; content: string; metadata: unknown; created_at: string };
/** A scenario file as written: only what the test reads. */
type ScenarioFile = { name: string; description: string; steps: Array<{ at: number }> };

const contract = loadContract('aisquare');
const lifecycle = contract.spec.lifecycle;
const scenarioDir = new URL('../../scenarios/aisquare/', import.meta.url);
const scenarioFiles = readdirSync(scenarioDir).filter((n) => n.endsWith('.yaml')).sort();
const scenarios = new Map<string, ScenarioFile>(
  scenarioFiles.map((file) => {
    const scenario = parse(readFileSync(new URL(file, scenarioDir), 'utf8')) as ScenarioFile;
    return [scenario.name, scenario];
  }),
);

/** The demo credentials the mock lists per tenant. */
function tenantHeaders(tenant: string): Record<string, string> {
  const [provider] = createMock({ providers: ['aisquare'], clock: 'manual', seed: 'test', seedJobs: false }).describe('http://mock.test');
  const headers = provider?.tenants.find((t) => t.id === tenant)?.headers;
  if (!headers) throw new Error(`aisquare lists no ${tenant} tenant`);
  return headers;
}
const acmeHeaders = tenantHeaders('acme');
const globexHeaders = tenantHeaders('globex');

function setup(seed = 'test'): { mock: Mock; clock: Mock['clock']; create: (scenario: string, tenant?: string) => string } {
  const mock = createMock({ providers: ['aisquare'], clock: 'manual', seed, seedJobs: false, sleep: async () => {} });
  return { mock, clock: mock.clock, create: (scenario, tenant = 'acme') => mock.createJob('aisquare', scenario, tenant).id };
}

const ORIGIN = 'http://mock.test/aisquare';
const jobPath = (id: string) => `/api/v2/orchestrations/jobs/${id}/`;

/** GETs a job and validates the answer (status, content type, body) against the spec. */
async function get(mock: Mock, id: string, headers: Record<string, string> = acmeHeaders) {
  const response = await mock.handle(new Request(`${ORIGIN}${jobPath(id)}`, { headers }));
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  const body: unknown = contentType?.includes('json') ? JSON.parse(text) : text;
  const checked = validateResponse({ provider: 'aisquare', operation: 'getJob', status: response.status, contentType, body });
  expect(checked, `${response.status} ${text}`).toEqual({ ok: true });
  return { response, status: response.status, body: body as Body, text };
}

const lastAt = (scenario: ScenarioFile) => Math.max(...scenario.steps.map((s) => s.at));
const terminal = new Set(lifecycle.terminal);

describe('aisquare built-in scenarios', () => {
  it('has the provider set, each named after its file with a one-line description', () => {
    expect([...scenarios.keys()].sort()).toEqual(['event-stream', 'failure', 'flaky', 'happy-path', 'slow', 'stuck']);
    for (const s of scenarios.values()) expect(s.description).not.toContain('\n');
  });

  it.each([...scenarios.keys()])('%s: every step renders valid and obeys the lifecycle step to step', async (name) => {
    const { mock, clock, create } = setup();
    const scenario = scenarios.get(name) as ScenarioFile;
    const id = create(name);
    let previous: unknown;
    let at = 0;
    for (const step of scenario.steps) {
      clock.advance(step.at - at);
      at = step.at;
      const answer = await get(mock, id);
      // A fault step answers its fault (checked in the polling test); the others the job.
      if (answer.status !== 200) continue;
      const body = answer.body;
      expect(checkSnapshot(lifecycle, body)).toEqual([]);
      if (previous !== undefined) expect(checkTransition(lifecycle, previous, body, { direct: true })).toEqual([]);
      previous = body;
    }
  });

  it.each([...scenarios.keys()])('%s: polled every 500 ms to its end, each answer valid and lifecycle-safe', async (name) => {
    const { mock, clock, create } = setup();
    const scenario = scenarios.get(name) as ScenarioFile;
    const id = create(name);
    const statuses: number[] = [];
    let previous: Body | undefined;
    for (let t = 0; t <= lastAt(scenario) + 1000; t += 500) {
      const answer = await get(mock, id);
      statuses.push(answer.status);
      if (answer.status === 200) {
        expect(checkSnapshot(lifecycle, answer.body)).toEqual([]);
        if (previous) expect(checkTransition(lifecycle, previous, answer.body)).toEqual([]);
        previous = answer.body;
      } else {
        expect(answer.response.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      clock.advance(500);
    }
    const final = previous as Body;
    const events = final.events as AgentEvent[];
    if (name === 'stuck') {
      expect(final.status).toBe('RUNNING');
      expect(events.some((e) => e.type === 'END')).toBe(false);
    } else {
      expect(terminal.has(final.status as string)).toBe(true);
      expect(events.at(-1)?.type).toBe('END');
      expect(events.filter((e) => e.type === 'END')).toHaveLength(1);
    }
    if (name === 'flaky') expect([...new Set(statuses.filter((s) => s !== 200))]).toEqual([503, 429]);
    else expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('happy-path: result only once COMPLETED, error_message never', async () => {
    const { mock, clock, create } = setup();
    const id = create('happy-path');
    const pending = (await get(mock, id)).body;
    expect(pending).toMatchObject({ id: 4000, status: 'PENDING', result: null, error_message: null, events: [], type: 'BLOG_GENERATION' });
    clock.advance(9000);
    expect((await get(mock, id)).body).toMatchObject({ status: 'RUNNING', result: null, error_message: null });
    clock.advance(3000);
    const done = (await get(mock, id)).body;
    expect(done).toMatchObject({ status: 'COMPLETED', result: { blog_id: 982, handoff: 'BLOG_KOENIG_GENERATION' }, error_message: null });
    expect(done.created_at).toBe('2026-01-01T00:00:00.000Z');
    expect(done.updated_at).toBe('2026-01-01T00:00:12.000Z');
  });

  it('failure: FAILED carries error_message and no result, END closes the stream', async () => {
    const { mock, clock, create } = setup();
    const id = create('failure');
    clock.advance(8000);
    const body = (await get(mock, id)).body;
    expect(body).toMatchObject({ status: 'FAILED', result: null, error_message: expect.stringContaining('text-to-speech quota') });
    expect((body.events as AgentEvent[]).at(-1)).toMatchObject({ type: 'END', metadata: { status: 'FAILED' } });
  });

  it('slow: still RUNNING after 4 minutes, COMPLETED at 5', async () => {
    const { mock, clock, create } = setup();
    const id = create('slow');
    clock.advance(240_000);
    expect((await get(mock, id)).body.status).toBe('RUNNING');
    clock.advance(60_000);
    expect((await get(mock, id)).body.status).toBe('COMPLETED');
  });

  it('event-stream: every event type, full AgentEvents with stable ids, END last', async () => {
    const { mock, clock, create } = setup();
    const id = create('event-stream');
    clock.advance(5000);
    const early = (await get(mock, id)).body.events as AgentEvent[];
    clock.advance(10_000);
    const events = (await get(mock, id)).body.events as AgentEvent[];
    expect(events.slice(0, early.length)).toEqual(early);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['LOG', 'THOUGHT', 'STATE_CHANGE', 'MESSAGE', 'END']));
    // Event ids are one integer sequence per job, in stream order.
    const first = events[0]?.id as number;
    expect(Number.isInteger(first)).toBe(true);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => first + i));
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    // ...and unique across jobs, as a DRF table's primary keys are.
    const other = create('happy-path');
    clock.advance(60_000);
    const otherIds = ((await get(mock, other)).body.events as AgentEvent[]).map((e) => e.id);
    expect(otherIds.filter((x) => events.some((e) => e.id === x))).toEqual([]);
    expect(events[0]).toEqual({
      id: first,
      uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      created_at: '2026-01-01T00:00:01.000Z',
      updated_at: '2026-01-01T00:00:01.000Z',
      is_active: true,
      created_by: null,
      updated_by: null,
      deleted_by: null,
      deleted_at: null,
      type: 'STATE_CHANGE',
      content: 'Job started',
      metadata: { from: 'PENDING', to: 'RUNNING' },
    });
    expect(events.find((e) => e.type === 'THOUGHT')?.metadata).toEqual({});
  });

  it('flaky: the fault answers carry Retry-After and DRF bodies', async () => {
    const { mock, clock, create } = setup();
    const id = create('flaky');
    clock.advance(4000);
    const unavailable = await get(mock, id);
    expect([unavailable.status, unavailable.body, unavailable.response.headers.get('retry-after')]).toEqual([
      503,
      { detail: 'Service temporarily unavailable, try again later.' },
      '1',
    ]);
    clock.advance(4000);
    const throttled = await get(mock, id);
    expect([throttled.status, throttled.body, throttled.response.headers.get('retry-after')]).toEqual([
      429,
      { detail: 'Request was throttled. Expected available in 2 seconds.' },
      '2',
    ]);
  });

  it('renders byte-identically for the same seed, differently for another', async () => {
    const a = setup('same');
    const b = setup('same');
    const c = setup('other');
    for (const { clock, create } of [a, b, c]) {
      create('event-stream');
      clock.advance(20_000);
    }
    const [ta, tb, tc] = await Promise.all([a, b, c].map(async ({ mock }) => (await get(mock, '4000')).text));
    expect(ta).toBe(tb);
    expect(ta).not.toBe(tc);
  });
});

describe('aisquare auth, tenancy and ids', () => {
  const challenge = 'Bearer realm="api"';

  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['Basic scheme', { authorization: 'Basic YWNtZTpzZWNyZXQ=' }],
    ['unknown key', { authorization: 'Bearer aisq_sk_acme_0000000000000000' }],
    ['Bearer without a token', { authorization: 'Bearer ' }],
    ['token with spaces', { authorization: 'Bearer two words' }],
    ['huge header', { authorization: `Bearer ${'a'.repeat(20_000)}` }],
  ])('401 with the DRF body and a challenge: %s', async (_name, headers) => {
    const { mock, create } = setup();
    create('happy-path');
    const answer = await get(mock, '4000', headers);
    expect([answer.status, answer.body, answer.response.headers.get('www-authenticate')]).toEqual([
      401,
      { detail: 'Authentication credentials were not provided.' },
      challenge,
    ]);
  });

  it('accepts the bearer scheme in any case', async () => {
    const { mock, create } = setup();
    create('happy-path');
    const token = (acmeHeaders.authorization ?? '').replace('Bearer ', '');
    expect((await get(mock, '4000', { authorization: `bearer ${token}` })).status).toBe(200);
  });

  it('garbage in Authorization answers 401, never a crash', async () => {
    const { mock, create } = setup();
    create('happy-path');
    for (const value of ['', 'Bearer', 'Bearer \u00e9t\u00e9', 'Token abc', `Bearer ${'x'.repeat(100_000)}`, 'Bearer a b c']) {
      const answer = await get(mock, '4000', { authorization: value.replace(/[^\x20-\x7e]/g, '?') });
      expect(answer.status, value.slice(0, 20)).toBe(401);
    }
  });

  it("another tenant's job is answered exactly like an id that never existed, and like a malformed id", async () => {
    const { mock, create } = setup();
    const id = create('happy-path', 'acme');
    expect((await get(mock, id, acmeHeaders)).status).toBe(200);
    const other = await get(mock, id, globexHeaders);
    const unknown = await get(mock, '999999', globexHeaders);
    const malformed = await get(mock, 'abc', globexHeaders);
    expect(other.status).toBe(404);
    expect(other.text).toBe(unknown.text);
    expect(malformed.status).toBe(404);
    expect(malformed.text).toBe(unknown.text);
    expect(other.body).toEqual({ detail: 'No JobPacket matches the given query.' });
  });

  it('gives integer ids from 4000 in creation order, rendered as integers', async () => {
    const { mock, create } = setup();
    const ids = ['happy-path', 'failure', 'stuck'].map((scenario) => create(scenario, 'globex'));
    expect(ids).toEqual(['4000', '4001', '4002']);
    expect((await get(mock, '4002', globexHeaders)).body.id).toBe(4002);
  });
});

describe('aisquare errors', () => {
  it.each(['500', '502', '503', '429', 'latency', 'invalid-json', 'truncate'])('Prefer: fault=%s answers as the fault says', async (fault) => {
    const { mock, create } = setup();
    create('happy-path');
    const response = await mock.handle(new Request(`${ORIGIN}${jobPath('4000')}`, { headers: { ...acmeHeaders, prefer: `fault=${fault}` } }));
    if (fault === 'invalid-json' || fault === 'truncate') {
      expect(response.status).toBe(200);
      await expect(response.text().then((t) => JSON.parse(t))).rejects.toThrow();
      return;
    }
    const body: unknown = await response.json();
    expect(response.status).toBe(fault === 'latency' ? 200 : Number(fault));
    expect(validateResponse({ provider: 'aisquare', operation: 'getJob', status: response.status, contentType: response.headers.get('content-type'), body })).toEqual({ ok: true });
  });

  it('has no operations beyond getJob: other methods on the job path are refused', async () => {
    expect(contract.spec.operations.map((op) => op.role)).toEqual(['getJob']);
    const { mock, create } = setup();
    create('happy-path');
    for (const method of ['POST', 'DELETE']) {
      const response = await mock.handle(new Request(`${ORIGIN}${jobPath('4000')}`, { method, headers: acmeHeaders }));
      expect(response.status, method).toBe(405);
    }
  });
});
