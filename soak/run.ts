/**
 * The soak test behind `npm run soak`: the mock in its own process, 100 connections of mixed
 * load (every provider, scenario and load-carried fault), a side channel for the faults that
 * break connections, health checks every second and memory samples every few seconds.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { packageRoot } from '../src/contracts/package-root.js';
import { createMock, type ProviderInfo } from '../src/mock/mock.js';
import { buildMix, type Tally } from './mix.js';
import type { ServerSample } from './server.js';

/** How long and how hard to soak. */
export interface SoakOptions {
  seconds: number;
  connections: number;
  /** Seconds between memory samples. */
  sampleEvery: number;
  /** Progress lines (one per sample). */
  log?: (line: string) => void;
}

/** One memory sample of the server process, `at` seconds into the run. */
export interface Sample {
  at: number;
  rss: number;
  heapUsed: number;
  jobs: number;
  journal: { kept: number; total: number };
}

/** What a soak run measured. */
export interface SoakReport {
  options: SoakOptions;
  seconds: number;
  responses: number;
  statuses: Record<string, number>;
  /** Answers that broke their spec or expectation, by reason. */
  unexpected: Tally['reasons'];
  unexpectedCount: number;
  /** Connection errors and timeouts of the load. */
  errors: number;
  timeouts: number;
  /** reset/truncate faults sent by the side channel, and how many did not break as asked. */
  side: { sent: number; unbroken: number };
  health: { asked: number; answered: number; maxMs: number; p50Ms: number };
  samples: Sample[];
  /** Requests the mock itself failed on (500 + warning). */
  serverFailures: number;
}

function startServer(): Promise<{ child: ChildProcess; origin: string }> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], { cwd: packageRoot(), execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the soak server exited early (code ${code})`)));
    child.on('message', (message: { type?: string; origin?: string }) => {
      if (message.type === 'ready' && message.origin) resolve({ child, origin: message.origin });
    });
  });
}

function sampleOf(child: ChildProcess, at: number): Promise<Sample & { failures: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: ServerSample) => {
      if (message.type !== 'sample') return;
      child.off('message', onMessage);
      resolve({ at, rss: message.rss, heapUsed: message.heapUsed, jobs: message.jobs, journal: message.journal, failures: message.failures });
    };
    child.on('message', onMessage);
    child.send('sample');
  });
}

/** Runs the soak and returns its figures; the caller decides what is a failure. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { child, origin } = await startServer();
  let started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
  try {
    const providers = (await (await fetch(`${origin}/__admin/providers`)).json()) as ProviderInfo[];
    // A second mock, never served: the contracts and scenario scripts the answers are checked with.
    const reference = createMock({ clock: 'manual', seedJobs: false });
    const tally: Tally = { responses: 0, unexpected: 0, reasons: new Map() };
    const mix = buildMix(reference, providers, tally);
    let running = true;

    const health: number[] = [];
    const healthAsked: Array<Promise<unknown>> = [];
    const healthTimer = setInterval(() => {
      const t0 = performance.now();
      healthAsked.push(
        fetch(`${origin}/__admin/health`, { signal: AbortSignal.timeout(5000) })
          .then((r) => (r.ok ? health.push(performance.now() - t0) : undefined))
          .catch(() => undefined),
      );
    }, 1000);

    started = Date.now();
    const samples: Array<Sample & { failures: number }> = [await sampleOf(child, 0)];
    const sampleTimer = setInterval(() => {
      void sampleOf(child, elapsed()).then((s) => {
        samples.push(s);
        options.log?.(`${String(s.at).padStart(5)} s  rss ${(s.rss / 2 ** 20).toFixed(1)} MB  heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MB  jobs ${s.jobs}  journal ${s.journal.kept}/${s.journal.total}  answers ${tally.responses}`);
      });
    }, options.sampleEvery * 1000);

    // Faults that break the connection (reset) or the body (truncate) would count as load errors:
    // they go one at a time on the side, and each must break.
    const side = { sent: 0, unbroken: 0 };
    const sideLoop = (async () => {
      for (let i = 0; running; i++) {
        const p = providers[i % providers.length] as ProviderInfo;
        const job = p.jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path');
        const op = reference.providers.get(p.id)?.contract.operation('getJob');
        if (!job || !op) continue;
        const url = `${new URL(p.baseUrl).origin}${new URL(p.baseUrl).pathname.replace(/\/$/, '')}${op.path.replace(/\{[^}]+\}/, encodeURIComponent(job.id))}`;
        side.sent++;
        try {
          const response = await fetch(url, { headers: { ...p.tenants[0]?.headers, prefer: `fault=${i % 2 === 0 ? 'reset' : 'truncate'}` }, signal: AbortSignal.timeout(5000) });
          await response.text();
          side.unbroken++;
        } catch {
          // broken as asked
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    let client = 0;
    const result = await autocannon({
      url: origin,
      connections: options.connections,
      duration: options.seconds,
      timeout: 10,
      requests: mix,
      // Each connection starts at a different point of the mix, so the load is mixed at every moment.
      setupClient: (c) => {
        const shift = client++ * 7;
        c.setRequests(mix.map((_, i) => ({ ...mix[(i + shift) % mix.length] })));
      },
    } as autocannon.Options & { setupClient: (c: autocannon.Client) => void });
    running = false;
    await sideLoop;
    clearInterval(healthTimer);
    clearInterval(sampleTimer);
    await Promise.all(healthAsked); // each settles within its 5 s timeout
    samples.push(await sampleOf(child, elapsed()));
    const sorted = [...health].sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number((stat as { count?: number }).count ?? 0);
    return {
      options,
      seconds: result.duration,
      responses: tally.responses,
      statuses,
      unexpected: tally.reasons,
      unexpectedCount: tally.unexpected,
      errors: result.errors,
      timeouts: result.timeouts,
      side,
      health: { asked: healthAsked.length, answered: health.length, maxMs: Math.round(sorted.at(-1) ?? 0), p50Ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0) },
      samples: samples.sort((a, b) => a.at - b.at).map(({ failures: _f, ...s }) => s),
      serverFailures: samples.reduce((max, s) => Math.max(max, s.failures), 0),
    };
  } finally {
    child.send('stop');
    await new Promise((resolve) => {
      child.once('exit', resolve);
      setTimeout(() => {
        child.kill();
        resolve(undefined);
      }, 5000).unref();
    });
  }
}
