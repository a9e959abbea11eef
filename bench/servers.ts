import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/contracts/package-root.js';
import { type Contract, loadContract } from '../src/contracts/contracts.js';
import { requiredQueryOf } from '../src/contracts/sample-request.js';
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

/**
 * The scenario a bench job plays: `stuck` (running for good, so every getJob is the same 200
 * body), else `slow` (azure has no stuck scenario: NotStarted, Running from 30 s, Succeeded at
 * 270 s), else the first by name.
 */
export function steadyScenario(provider: ProviderId): string {
  const names = readdirSync(join(packageRoot(), 'scenarios', provider)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
  return ['stuck', 'slow'].find((n) => names.includes(n)) ?? (names[0] as string);
}

const contracts = new Map<ProviderId, Contract>();

/**
 * The path (no server base path) and query of a request for one role of a provider's spec: the
 * id filled in, every required query parameter from the spec (azure's api-version) plus `extra`.
 */
export function rolePath(provider: ProviderId, role: 'getJob' | 'listJobs', id = '', extra: Record<string, string> = {}): string {
  const contract = contracts.get(provider) ?? contracts.set(provider, loadContract(provider)).get(provider) as Contract;
  const op = contract.operation(role);
  if (!op) throw new Error(`${provider} has no ${role} operation`);
  const query = new URLSearchParams({ ...requiredQueryOf(contract, op), ...extra }).toString();
  return `${op.path.replace(/\{[^}]+\}/g, encodeURIComponent(id))}${query ? `?${query}` : ''}`;
}

/** A getJob path and query of a provider's spec with the id filled in (no server base path). */
export function getJobPath(provider: ProviderId, id: string): string {
  return rolePath(provider, 'getJob', id);
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
    // A seeded job of tenant acme that runs for good (or long), so every answer is a 200 body.
    const scenario = steadyScenario(p.id as ProviderId);
    const job = p.jobs.find((j) => j.scenario === scenario && j.tenant === 'acme');
    const tenant = p.tenants.find((t) => t.id === 'acme');
    if (!job || !tenant) throw new Error(`mock: ${p.id} has no ${scenario} job or acme tenant`);
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
    const url = new URL(target.url);
    const path = `/${id}${url.pathname}${url.search}`;
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

