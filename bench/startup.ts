import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/contracts/package-root.js';
import { createMock, type ProviderInfo } from '../src/mock/mock.js';
import type { ProviderId } from '../src/providers/ids.js';
import { median } from './load.js';
import { type Child, freePort, get, startNode, waitFor200 } from './procs.js';
import { cliScript, getJobPath, PRISM_LOG_LEVEL, prismScript, steadyScenario } from './servers.js';

/** Spawn → first 200 on a getJob, in ms, for each run. */
export interface StartupResult {
  provider: ProviderId;
  /** The default `mock` command: every built-in provider, start-up cache warm (every start after the first). */
  ours: number[];
  /** The same with an empty start-up cache: the first start after a change to code, specs or scenarios. */
  oursCold: number[];
  /** `mock --provider <p>`: one spec, as Prism serves (for reference; not the target). */
  oursOne: number[];
  prism: number[];
  oursMedian: number;
  oursColdMedian: number;
  oursOneMedian: number;
  prismMedian: number;
  /** Per provider: a spec the start-up cache has never seen, ours alone vs Prism on it. */
  unseen: UnseenStart[];
}

/** Spawn → first getJob 200 on one spec the start-up cache has never seen, ms per run. */
export interface UnseenStart {
  provider: ProviderId;
  /** `mock --provider <id>` with an empty JOB_CONTRACTS_CACHE_DIR (parses, checks and writes the cache). */
  ours: number[];
  /** `prism mock specs/<id>.yaml`, in the same runs. */
  prism: number[];
  oursMedian: number;
  prismMedian: number;
  /** Median of the runs' ratios ours / Prism (each run's pair started back to back). */
  ratio: number;
}

/** Spawns a server and returns the ms from spawn to its first 200 at `url`; stops it after. */
async function firstAnswer(name: string, script: string, args: string[], url: (port: number) => string, headers: Record<string, string>, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const since = performance.now();
  const child = startNode(name, script, args.map((a) => (a === '<port>' ? String(port) : a)), [], env);
  try {
    return await waitFor200(url(port), headers, since, child, 120_000);
  } finally {
    await child.stop();
  }
}

/** A getJob of the seeded steady job of tenant acme that a running mock lists. */
async function steadyJobOf(origin: string, provider: ProviderId): Promise<{ url: string; headers: Record<string, string> }> {
  const [info] = JSON.parse((await get(`${origin}/__admin/providers`)).body) as ProviderInfo[];
  const job = info?.jobs.find((j) => j.scenario === steadyScenario(provider) && j.tenant === 'acme');
  if (!info || !job) throw new Error(`startup: ${provider} lists no ${steadyScenario(provider)} job`);
  return { url: `${info.baseUrl}${getJobPath(provider, job.id)}`, headers: info.tenants.find((t) => t.id === 'acme')?.headers ?? {} };
}

/**
 * `mock --provider <id>` on an empty start-up cache: spawn → first 200 of a getJob. The job's id
 * (not predictable: ids may carry the start time) is read from the admin API first, which adds
 * two local requests to ours, not to Prism's.
 */
async function unseenOurs(provider: ProviderId): Promise<number> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const empty = mkdtempSync(join(tmpdir(), 'jc-bench-unseen-'));
  const since = performance.now();
  const child: Child = startNode(`mock --provider ${provider} (unseen spec)`, cliScript, ['mock', '--port', String(port), '--clock', 'wall', '--provider', provider], [], { JOB_CONTRACTS_CACHE_DIR: empty });
  try {
    await waitFor200(`${origin}/__admin/health`, {}, since, child, 120_000);
    const target = await steadyJobOf(origin, provider);
    const answer = await get(target.url, target.headers);
    if (answer.status !== 200) throw new Error(`startup: ${provider} getJob answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    return performance.now() - since;
  } finally {
    await child.stop();
    rmSync(empty, { recursive: true, force: true });
  }
}

/**
 * For each provider, `runs` times alternating: ours on a spec the start-up cache has never seen
 * vs Prism on the same spec, spawn → first getJob 200.
 */
export async function runUnseenStartup(options: { providers: readonly ProviderId[]; runs: number; log: (line: string) => void }): Promise<UnseenStart[]> {
  const rows: UnseenStart[] = [];
  for (const provider of options.providers) {
    // Prism answers any id of the right format: one of ours, made in this process.
    const info = createMock({ providers: [provider], clock: 'manual', mount: 'root', cache: false }).describe('')[0];
    const id = info?.jobs.find((j) => j.scenario === steadyScenario(provider))?.id;
    const headers = info?.tenants.find((t) => t.id === 'acme')?.headers ?? {};
    if (!id) throw new Error(`startup: ${provider} has no ${steadyScenario(provider)} job`);
    const spec = join(packageRoot(), 'specs', `${provider}.yaml`);
    const ours: number[] = [];
    const prism: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      ours.push(await unseenOurs(provider));
      prism.push(await firstAnswer(`prism ${provider} (startup)`, prismScript(), ['mock', spec, '-h', '127.0.0.1', '-p', '<port>', '-v', PRISM_LOG_LEVEL], (port) => `http://127.0.0.1:${port}${getJobPath(provider, id)}`, headers));
      options.log(`startup, unseen spec ${provider} run ${run + 1}/${options.runs}: ours ${ours.at(-1)?.toFixed(0)} ms, prism ${prism.at(-1)?.toFixed(0)} ms`);
    }
    rows.push({ provider, ours, prism, oursMedian: median(ours), prismMedian: median(prism), ratio: median(ours.map((o, i) => o / (prism[i] as number))) });
  }
  return rows;
}

/**
 * Measures spawn → first 200 of a getJob, ours (the full `mock` command, every provider;
 * and for reference `--provider <p>`) vs Prism (one spec), alternating, `runs` times each.
 */
export async function runStartup(options: { runs: number; provider?: ProviderId; unseen: readonly ProviderId[]; log: (line: string) => void }): Promise<StartupResult> {
  const provider = options.provider ?? 'aisquare';
  // aisquare ids follow creation order, so the CLI's seeded stuck job has this id too.
  const probe = createMock({ providers: [provider], clock: 'manual' });
  const info = probe.describe('');
  const job = info[0]?.jobs.find((j) => j.scenario === 'stuck' && j.tenant === 'acme');
  const headers = info[0]?.tenants.find((t) => t.id === 'acme')?.headers ?? {};
  if (!job) throw new Error(`startup: ${provider} has no stuck job`);
  const path = getJobPath(provider, job.id);
  const basePath = new URL(info[0]?.baseUrl ?? '', 'http://x').pathname.replace(/\/+$/, '');
  const onePath = new URL(createMock({ providers: [provider], clock: 'manual', mount: 'root' }).describe('')[0]?.baseUrl ?? '', 'http://x').pathname.replace(/\/+$/, '');
  // The CLI child runs the same build as this process, so this fills the cache it will read.
  createMock({ clock: 'manual' });
  const ours: number[] = [];
  const oursCold: number[] = [];
  const oursOne: number[] = [];
  const prism: number[] = [];
  const spec = join(packageRoot(), 'specs', `${provider}.yaml`);
  for (let run = 0; run < options.runs; run++) {
    ours.push(await firstAnswer('mock (startup)', cliScript, ['mock', '--port', '<port>', '--clock', 'wall'], (port) => `http://127.0.0.1:${port}${basePath}${path}`, headers));
    prism.push(await firstAnswer('prism (startup)', prismScript(), ['mock', spec, '-h', '127.0.0.1', '-p', '<port>', '-v', PRISM_LOG_LEVEL], (port) => `http://127.0.0.1:${port}${path}`, headers));
    oursOne.push(await firstAnswer('mock --provider (startup)', cliScript, ['mock', '--port', '<port>', '--clock', 'wall', '--provider', provider], (port) => `http://127.0.0.1:${port}${onePath}${path}`, headers));
    const empty = mkdtempSync(join(tmpdir(), 'jc-bench-cache-'));
    try {
      oursCold.push(await firstAnswer('mock cold (startup)', cliScript, ['mock', '--port', '<port>', '--clock', 'wall'], (port) => `http://127.0.0.1:${port}${basePath}${path}`, headers, { JOB_CONTRACTS_CACHE_DIR: empty }));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    options.log(`startup run ${run + 1}/${options.runs}: ours ${ours.at(-1)?.toFixed(0)} ms (cold cache ${oursCold.at(-1)?.toFixed(0)} ms), prism ${prism.at(-1)?.toFixed(0)} ms, ours --provider ${provider} ${oursOne.at(-1)?.toFixed(0)} ms`);
  }
  const unseen = await runUnseenStartup({ providers: options.unseen, runs: options.runs, log: options.log });
  return { provider, ours, oursCold, oursOne, prism, oursMedian: median(ours), oursColdMedian: median(oursCold), oursOneMedian: median(oursOne), prismMedian: median(prism), unseen };
}
