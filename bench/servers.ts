import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/contracts/package-root.js';
import { loadSpec } from '../src/contracts/spec.js';
import type { ProviderInfo } from '../src/mock/mock.js';
import type { ProviderId } from '../src/providers/ids.js';
import type { Target } from './load.js';
import { type Child, freePort, get, startNode, waitFor200 } from './procs.js';

/** The built CLI next to this file (`<build>/src/cli/run.js`, beside `<build>/bench/`). */
export const cliScript = fileURLToPath(new URL('../src/cli/run.js', import.meta.url));
/** A bench child entry next to this file. */
export const benchScript = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));
/** Prism's CLI from node_modules, run with this node. */
export const prismScript = () => realpathSync(join(packageRoot(), 'node_modules', '.bin', 'prism'));
/** Prism's log level in every run: `silent` answers about twice as fast as the default `info`. */
export const PRISM_LOG_LEVEL = 'silent';

/** A getJob path of a provider's spec with the id filled in (no server base path). */
export function getJobPath(provider: ProviderId, id: string): string {
  const spec = loadSpec(provider, join(packageRoot(), 'specs'));
  const op = spec.operations.find((o) => o.role === 'getJob');
  if (!op) throw new Error(`${provider} has no getJob operation`);
  return op.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
}

/** A running server under test and, per provider, the getJob request to load it with. */
export interface ServerUnderTest {
  child: Child;
  origin: string;
  targets: Map<ProviderId, Target>;
  /** The job each target reads. */
  jobIds: Map<ProviderId, string>;
}

/** Starts our mock through the real CLI (default scenario mode, wall clock, auth enforced). */
export async function startOurs(): Promise<ServerUnderTest> {
  const port = await freePort();
  const child = startNode('mock', cliScript, ['mock', '--port', String(port), '--clock', 'wall'], (process.env.BENCH_MOCK_FLAGS ?? '').split(' ').filter(Boolean));
  const origin = `http://127.0.0.1:${port}`;
  await waitFor200(`${origin}/__admin/health`, {}, performance.now(), child);
  const info = JSON.parse((await get(`${origin}/__admin/providers`)).body) as ProviderInfo[];
  const targets = new Map<ProviderId, Target>();
  const jobIds = new Map<ProviderId, string>();
  for (const p of info) {
    // A seeded `stuck` job of tenant acme: running for good, so every answer is a 200 body.
    const job = p.jobs.find((j) => j.scenario === 'stuck' && j.tenant === 'acme');
    const tenant = p.tenants.find((t) => t.id === 'acme');
    if (!job || !tenant) throw new Error(`mock: ${p.id} has no stuck job or acme tenant`);
    targets.set(p.id as ProviderId, { url: `${p.baseUrl}${getJobPath(p.id as ProviderId, job.id)}`, headers: tenant.headers });
    jobIds.set(p.id as ProviderId, job.id);
  }
  return { child, origin, targets, jobIds };
}

/** Starts the bare node:http ceiling with bodies of the same byte size as ours. */
export async function startCeiling(ours: ServerUnderTest): Promise<ServerUnderTest> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const sizes: Record<string, number> = {};
  const targets = new Map<ProviderId, Target>();
  for (const [id, target] of ours.targets) {
    const answer = await get(target.url, target.headers);
    if (answer.status !== 200) throw new Error(`mock: ${id} getJob answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    const path = `/${id}${new URL(target.url).pathname}`;
    sizes[path] = Buffer.byteLength(answer.body);
    targets.set(id, { url: `${origin}${path}`, headers: target.headers });
  }
  const child = startNode('ceiling', benchScript('ceiling-child'), [String(port), JSON.stringify(sizes)]);
  await child.firstJson();
  return { child, origin, targets, jobIds: ours.jobIds };
}

/** Starts Prism's static mock of one provider's spec. */
export async function startPrism(provider: ProviderId, ours: ServerUnderTest): Promise<ServerUnderTest> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const spec = join(packageRoot(), 'specs', `${provider}.yaml`);
  const child = startNode(`prism ${provider}`, prismScript(), ['mock', spec, '-h', '127.0.0.1', '-p', String(port), '-v', PRISM_LOG_LEVEL]);
  const ourTarget = ours.targets.get(provider) as Target;
  const id = ours.jobIds.get(provider) as string;
  const target: Target = { url: `${origin}${getJobPath(provider, id)}`, headers: ourTarget.headers };
  await waitFor200(target.url, target.headers, performance.now(), child, 120_000);
  return { child, origin, targets: new Map([[provider, target]]), jobIds: ours.jobIds };
}

