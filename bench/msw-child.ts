/**
 * The MSW comparison, in its own process so MSW's interceptors never touch the bench's own
 * sockets. argv: <json {providers, rounds, ms}>. Prints one JSON line: { rows: MswRow[] }.
 */
import { HttpResponse, http, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { createJobHandlers } from '../src/msw/handlers.js';
import type { ProviderId } from '../src/providers/ids.js';
import { median } from './load.js';
import type { MswRow } from './msw.js';
import { getJobPath, steadyScenario } from './servers.js';

const { providers, rounds, ms } = JSON.parse(process.argv[2] ?? '{}') as { providers: ProviderId[]; rounds: number; ms: number };

/** Sequential fetches for `ms` through the handlers; requests per second. Bounded by time. */
async function measure(handlers: HttpHandler[], url: string, headers: Record<string, string>, durationMs: number): Promise<number> {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const start = performance.now();
    let count = 0;
    let elapsed = 0;
    do {
      const response = await fetch(url, { headers });
      await response.text();
      if (response.status !== 200) throw new Error(`MSW answered ${response.status} for ${url}`);
      count++;
      elapsed = performance.now() - start;
    } while (elapsed < durationMs);
    return (count * 1000) / elapsed;
  } finally {
    server.close();
  }
}

const rows: MswRow[] = [];
for (const provider of providers) {
  const jobs = createJobHandlers({ provider, clock: 'manual', jobs: [] });
  const id = jobs.createJob(steadyScenario(provider) as never);
  jobs.advance(10 * 60_000);
  const path = getJobPath(provider, id);
  const url = `${jobs.baseUrl}${path}`;
  const headers = jobs.tenants.acme;
  const body = jobs.job(id) as Record<string, unknown>;
  // A plain handler on the same route pattern, answering the same body as static JSON.
  // (MSW matches the path only: the query, azure's api-version, stays out of the pattern.)
  const pattern = `${jobs.baseUrl}${getJobPath(provider, '__id__').split('?')[0]?.replace('__id__', ':id')}`;
  const plain = [http.get(pattern, () => HttpResponse.json(body))];
  await measure(jobs.handlers, url, headers, 200);
  await measure(plain, url, headers, 200);
  const ours: number[] = [];
  const statics: number[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(await measure(jobs.handlers, url, headers, ms));
    statics.push(await measure(plain, url, headers, ms));
  }
  const ratio = median(ours.map((o, i) => o / (statics[i] as number)));
  rows.push({ provider, ours: median(ours), plain: median(statics), ratio, oursRounds: ours, plainRounds: statics });
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);
