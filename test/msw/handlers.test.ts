import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCataPosHandlers, createFigurHandlers, createJobHandlers, createOsapiHandlers, createScenarioHandlers } from '../../mocks/index.js';
import { validateResponse } from '../../src/contracts/index.js';
import { createMock } from '../../src/mock/mock.js';
import { serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';

const scenario = createScenarioHandlers({ clock: 'manual', seed: 'msw' });
const figur = createFigurHandlers({ clock: 'manual', seed: 'msw' });
const osapi = createOsapiHandlers({ clock: 'manual', seed: 'msw' });
const cata = createCataPosHandlers({ clock: 'manual', seed: 'msw', jobs: [{ scenario: 'needs-clarification' }] });
const server = setupServer(...scenario.handlers, ...figur.handlers, ...osapi.handlers, ...cata.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function getJson(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('MSW handlers answer at the production base URL', () => {
  it('a scenario job polled with plain fetch reaches success and has assets', async () => {
    const id = scenario.createJob('happy-path');
    const url = `https://api.cloud.scenario.com/v1/jobs/${id}`;
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await getJson(url, scenario.tenants.acme);
      expect(validateResponse({ provider: 'scenario', operation: 'getJob', status: r.status, contentType: r.headers.get('content-type'), body: r.body })).toEqual({ ok: true });
      const job = r.body.job as { status: string; metadata: { assetIds?: string[] } };
      seen.push(job.status);
      if (job.status === 'success') {
        expect(job.metadata.assetIds?.length).toBeGreaterThan(0);
        break;
      }
      scenario.advance(1000);
    }
    expect(seen.at(-1)).toBe('success');
    expect(seen[0]).not.toBe('success');
  });

  it('a figur job fails and its latest event carries the error', async () => {
    const id = figur.createJob('failure');
    const body = figur.runToEnd(id);
    expect(body.status).toBe('FAILURE');
    const r = await getJson(`https://api.figur.fit/v1/jobs/${id}`, figur.tenants.acme);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(body)));
    expect((r.body.latest_event as { event_type: string }).event_type).toBe('failed');
  });

  it("another tenant's osapi job is a 404, like an unknown id", async () => {
    const id = osapi.jobIds[0] as string;
    const r = await getJson(`http://localhost:8080/job/${id}`, osapi.tenants.globex);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: `job not found: ${id}` });
  });

  it('a cata-pos job waits for POST …/respond and then completes', async () => {
    const id = cata.jobIds[0] as string;
    expect(cata.runToEnd(id).job.status).toBe('needs_clarification');
    const respond = await fetch(`http://localhost:8080/api/v1/adapter-scripts/jobs/${id}/respond`, {
      method: 'POST',
      headers: { ...cata.tenants.acme, 'content-type': 'application/json' },
      body: JSON.stringify({ response: 'Use the Square v2 orders API.' }),
    });
    expect(respond.status).toBe(200);
    const done = cata.runToEnd(id);
    expect(done.job.status).toBe('completed');
    expect(done.job.humanResponse).toBe('Use the Square v2 orders API.');
  });

  it('records what it answered in the journal, credentials redacted', () => {
    const entries = scenario.journal();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]?.headers.authorization).toBe('[redacted]');
  });
});

describe('the handlers and the HTTP server are one engine', () => {
  it.each(providerIds)('%s: same seed, job and clock → identical bodies over MSW and over HTTP', async (provider) => {
    const handlers = createJobHandlers({ provider, clock: 'manual', seed: 'parity' });
    const mock = createMock({ providers: [provider], clock: 'manual', seed: 'parity', mount: 'root' });
    const running = await serve(mock.handle, { port: 0 });
    // One interception layer: the real server's origin passes through, the provider's URLs hit the handlers.
    server.use(http.all(`${running.origin}/*`, () => passthrough()), ...handlers.handlers);
    try {
      const info = mock.describe(running.origin)[0];
      const op = mock.providers.get(provider)?.contract.operation('getJob');
      expect(info?.jobs.map((j) => j.id)).toEqual(handlers.jobIds);
      handlers.advance(3000);
      mock.clock.advance(3000);
      const viaHttp: string[] = [];
      const viaMsw: string[] = [];
      for (const job of info?.jobs ?? []) {
        const path = op?.path.replace(/\{[^}]+\}/, job.id);
        const r = await fetch(`${info?.baseUrl}${path}`, { headers: info?.tenants[0]?.headers ?? {} });
        viaHttp.push(`${r.status} ${await r.text()}`);
        const m = await fetch(`${handlers.baseUrl}${path}`, { headers: handlers.tenants.acme });
        viaMsw.push(`${m.status} ${await m.text()}`);
      }
      expect(viaHttp.length).toBeGreaterThanOrEqual(5);
      expect(viaMsw).toEqual(viaHttp);
    } finally {
      await running.close();
    }
  });
});

describe('clocks', () => {
  it('the wall clock follows vitest fake timers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const local = createScenarioHandlers({ seed: 'fake-timers' });
      const id = local.createJob('happy-path');
      expect(local.job(id).job.status).not.toBe('success');
      vi.setSystemTime(Date.now() + 60_000);
      expect(local.job(id).job.status).toBe('success');
    } finally {
      vi.useRealTimers();
    }
  });

  it('two handler sets never share jobs or clocks', () => {
    const a = createScenarioHandlers({ clock: 'manual', seed: 'iso' });
    const b = createScenarioHandlers({ clock: 'manual', seed: 'iso' });
    const id = a.createJob('happy-path');
    expect(b.jobIds).not.toContain(id);
    a.advance(60_000);
    expect(a.job(a.jobIds[0] as string)).not.toEqual(b.job(b.jobIds[0] as string));
    a.reset();
    expect(() => a.job(id)).toThrow(/no scenario job/);
  });
});
