import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/contracts/package-root.js';
import { createMock } from '../src/mock/mock.js';
import type { ProviderId } from '../src/providers/ids.js';
import { median } from './load.js';
import { freePort, startNode, waitFor200 } from './procs.js';
import { cliScript, getJobPath, PRISM_LOG_LEVEL, prismScript } from './servers.js';

/** Spawn → first 200 on a getJob, in ms, for each run. */
export interface StartupResult {
  provider: ProviderId;
  /** The default `mock` command: all five providers, start-up cache warm (every start after the first). */
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

/**
 * Measures spawn → first 200 of a getJob, ours (the full `mock` command, all five providers;
 * and for reference `--provider <p>`) vs Prism (one spec), alternating, `runs` times each.
 */
export async function runStartup(options: { runs: number; provider?: ProviderId; log: (line: string) => void }): Promise<StartupResult> {
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
  return { provider, ours, oursCold, oursOne, prism, oursMedian: median(ours), oursColdMedian: median(oursCold), oursOneMedian: median(oursOne), prismMedian: median(prism) };
}
