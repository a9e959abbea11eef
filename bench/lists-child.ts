/**
 * What one list page costs against how many jobs a provider holds, in its own process (pinned
 * like the servers): one mock per job count, each holding `count` running (stuck) jobs of
 * tenant acme per provider, created in-process. The first page of 20 (`listJobs?limit=20`, or
 * the spec's own page-size parameter) is timed through `mock.handle`, the pipeline node:http
 * serves, the counts alternating within each round so drift hits them alike.
 * argv: <json {providers, counts, rounds, ms}>. Prints one JSON line: { rows: ListRow[] }.
 */
import { loadContract } from '../src/contracts/contracts.js';
import { validateResponse } from '../src/contracts/index.js';
import type { OperationMock } from '../src/core/definition.js';
import { createMock, type Mock } from '../src/mock/mock.js';
import type { ProviderId } from '../src/providers/ids.js';
import { median } from './load.js';
import type { ListRow } from './lists.js';
import { rolePath } from './servers.js';

const { providers, counts, rounds, ms } = JSON.parse(process.argv[2] ?? '{}') as { providers: ProviderId[]; counts: number[]; rounds: number; ms: number };
const PAGE = 20;
const origin = 'http://127.0.0.1';

/** The first page's request: the spec's page-size parameter set to 20, required query filled. */
function listRequest(mock: Mock, provider: ProviderId): { url: string; headers: Record<string, string> } {
  const op = loadContract(provider).operation('listJobs');
  const page = (op?.mock as OperationMock | undefined)?.page;
  const sizeParam = page === undefined ? 'limit' : page.style === 'offset' ? page.limit : page.size;
  const info = mock.describe(origin).find((p) => p.id === provider);
  if (!op || !info) throw new Error(`lists: ${provider} has no listJobs operation`);
  return { url: `${info.baseUrl}${rolePath(provider, 'listJobs', '', { [sizeParam]: String(PAGE) })}`, headers: info.tenants.find((t) => t.id === 'acme')?.headers ?? {} };
}

/** Sequential lists for `durationMs` (at least one: a list may take seconds); each one's ms. Bounded by time and count. */
async function time(mock: Mock, request: { url: string; headers: Record<string, string> }, durationMs: number): Promise<number[]> {
  const each: number[] = [];
  const start = performance.now();
  while (each.length === 0 || (performance.now() - start < durationMs && each.length < 100_000)) {
    const before = performance.now();
    const response = await mock.handle(new Request(request.url, { headers: request.headers }));
    await response.text();
    each.push(performance.now() - before);
    if (response.status !== 200) throw new Error(`lists: ${request.url} answered ${response.status}`);
  }
  return each;
}

const mocks = counts.map((count) => {
  const mock = createMock({ providers, clock: 'wall', seedJobs: false, maxJobs: count + 1000 });
  const started = performance.now();
  for (const provider of providers) for (let i = 0; i < count; i++) mock.createJob(provider, 'stuck', 'acme');
  return { count, mock, createMs: performance.now() - started };
});

const rows: ListRow[] = [];
for (const provider of providers) {
  const requests = mocks.map(({ mock }) => listRequest(mock, provider));
  // One answer of each checked against the spec (a page of 20 that validates), then a warm-up.
  for (const [i, { mock }] of mocks.entries()) {
    const request = requests[i] as { url: string; headers: Record<string, string> };
    const response = await mock.handle(new Request(request.url, { headers: request.headers }));
    const checked = validateResponse({ provider, operation: 'listJobs', status: response.status, contentType: response.headers.get('content-type'), body: await response.json() });
    if (!checked.ok) throw new Error(`lists: ${provider} listJobs answer is invalid: ${checked.issues[0]?.message}`);
    await time(mock, request, Math.min(ms, 200));
  }
  const perRound: number[][] = mocks.map(() => []);
  const p99s: number[][] = mocks.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, { mock }] of mocks.entries()) {
      const each = await time(mock, requests[i] as { url: string; headers: Record<string, string> }, ms);
      perRound[i]?.push(each.reduce((a, b) => a + b, 0) / each.length);
      const sorted = [...each].sort((a, b) => a - b);
      p99s[i]?.push(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] as number);
    }
  }
  const small = perRound[0] as number[];
  const large = perRound.at(-1) as number[];
  const answer = (loadContract(provider).operation('listJobs')?.mock as OperationMock | undefined)?.answer;
  rows.push({
    provider,
    carriesCounts: /\bcountBy\b/.test(JSON.stringify(answer ?? '')),
    counts: mocks.map((m) => m.count),
    meanMs: perRound.map(median),
    p99Ms: p99s.map(median),
    roundsMs: perRound,
    ratio: median(large.map((l, i) => l / (small[i] as number))),
    createMs: mocks.map((m) => m.createMs),
  });
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);
