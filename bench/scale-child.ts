/**
 * A mock holding `jobs` active (stuck, or azure's slow) jobs, spread over every built-in provider. RSS is read after
 * creating them, then again after rendering each one's getJob body once (as a first poll does).
 * argv: <jobs>. Serves on a free port and prints one JSON line: RSS figures and a getJob target
 * per provider. Run with --expose-gc so RSS is read after a full collection.
 */
import { createMock } from '../src/mock/mock.js';
import { serve } from '../src/node/server.js';
import { type ProviderId, providerIds } from '../src/providers/ids.js';
import { getJobPath, steadyScenario } from './servers.js';

const count = Number(process.argv[2] ?? '1000');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rss = () => {
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

const mock = createMock({ clock: 'wall', seedJobs: false });
const baseline = rss();
const started = performance.now();
const last = new Map<string, string>();
const scenarios = new Map(providerIds.map((p) => [p, steadyScenario(p)]));
for (let i = 0; i < count; i++) {
  const provider = providerIds[i % providerIds.length] as (typeof providerIds)[number];
  last.set(provider, mock.createJob(provider, scenarios.get(provider) as string, 'acme').id);
}
const createMs = performance.now() - started;
const rssCreated = rss();
for (const provider of mock.providers.values()) for (const job of provider.store.all()) provider.render(job);
const rssPolled = rss();

const running = await serve(mock.handle, { port: 0 });
const info = mock.describe(running.origin);
const targets = info.map((p) => {
  const id = last.get(p.id) as string;
  return { url: `${p.baseUrl}${getJobPath(p.id as ProviderId, id)}`, headers: p.tenants.find((t) => t.id === 'acme')?.headers ?? {} };
});
process.stdout.write(`${JSON.stringify({ jobs: mock.jobCount(), baseline, rssCreated, rssPolled, createMs, targets })}\n`);
