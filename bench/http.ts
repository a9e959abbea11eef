import type { ProviderId } from '../src/providers/ids.js';
import { type LoadResult, median, runLoad, type Target } from './load.js';
import { cpuMicros, rssMb } from './procs.js';
import { type ServerUnderTest, startCeiling, startOurs, startPrism } from './servers.js';

/** The three servers loaded side by side. */
export const serverKinds = ['ours', 'ceiling', 'prism'] as const;
/** One of the servers loaded side by side. */
export type ServerKind = (typeof serverKinds)[number];

/** One server on one provider's getJob: every round, their medians, RSS after the last. */
export interface HttpRow {
  provider: ProviderId;
  server: ServerKind;
  rounds: LoadResult[];
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number;
  /** The server process's CPU time (user + system, kernel writes included) per answered request,
   *  median over rounds, µs: what serving costs, apart from how the machine shared its cores. */
  cpuPerRequest: number;
  /** For ceiling and Prism: the median over rounds of ours / this (each round's pair measured
   *  back to back, so drift on a shared machine cancels out). */
  oursRatio: number | null;
}

/** Options of the side-by-side run. */
export interface HttpOptions {
  providers: readonly ProviderId[];
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  log: (line: string) => void;
}

function summarise(provider: ProviderId, server: ServerKind, rounds: LoadResult[], cpu: number[], rss: number, ours: LoadResult[]): HttpRow {
  return {
    provider,
    server,
    rounds,
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rssMb: rss,
    cpuPerRequest: median(cpu),
    oursRatio: server === 'ours' ? null : median(rounds.map((r, i) => (ours[i]?.rps ?? Number.NaN) / r.rps)),
  };
}

/**
 * Loads ours, the bare node:http ceiling and Prism with the same getJob, same connections and
 * duration. Each round walks every provider, ours → ceiling → Prism back to back: a slow spell
 * of a shared machine then lands on a round of every provider (which the medians drop) instead
 * of on every round of one provider.
 */
export async function runHttp(options: HttpOptions): Promise<HttpRow[]> {
  const ours = await startOurs();
  const started: ServerUnderTest[] = [ours];
  try {
    const ceiling = await startCeiling(ours);
    started.push(ceiling);
    // Every Prism at once: their slow starts overlap instead of adding up.
    const prisms = new Map(
      await Promise.all(
        options.providers.map(async (provider) => {
          const prism = await startPrism(provider, ours);
          started.push(prism);
          return [provider, prism] as const;
        }),
      ),
    );
    const serverOf = (kind: ServerKind, provider: ProviderId): ServerUnderTest => (kind === 'ours' ? ours : kind === 'ceiling' ? ceiling : (prisms.get(provider) as ServerUnderTest));
    const targetOf = (kind: ServerKind, provider: ProviderId): Target => {
      const target = serverOf(kind, provider).targets.get(provider);
      if (!target) throw new Error(`bench: ${kind} has no target for ${provider}`);
      return target;
    };
    const load = { connections: options.connections };
    // Warm every server's JIT on every provider's getJob first, so the first provider measured is not
    // the one that pays for it.
    if (options.warmupSeconds > 0) {
      const all = (server: ServerUnderTest) => [...server.targets.values()];
      await runLoad(all(ours), { ...load, seconds: options.warmupSeconds * 2 });
      await runLoad(all(ceiling), { ...load, seconds: options.warmupSeconds });
      for (const provider of options.providers) await runLoad([targetOf('prism', provider)], { ...load, seconds: options.warmupSeconds });
    }
    const results = new Map(options.providers.map((p) => [p, { ours: [], ceiling: [], prism: [] } as Record<ServerKind, LoadResult[]>]));
    const cpu = new Map(options.providers.map((p) => [p, { ours: [], ceiling: [], prism: [] } as Record<ServerKind, number[]>]));
    for (let round = 0; round < options.rounds; round++) {
      for (const provider of options.providers) {
        for (const kind of serverKinds) {
          const pid = serverOf(kind, provider).child.pid;
          const before = cpuMicros(pid);
          const result = await runLoad([targetOf(kind, provider)], { ...load, seconds: options.seconds });
          const perRequest = (cpuMicros(pid) - before) / Math.max(1, result.requests);
          results.get(provider)?.[kind].push(result);
          cpu.get(provider)?.[kind].push(perRequest);
          options.log(`http round ${round + 1}/${options.rounds} ${provider.padEnd(9)} ${kind.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99} ms  ${perRequest.toFixed(0)} µs CPU/req  errors ${result.errors}`);
        }
      }
    }
    return options.providers.flatMap((provider) => {
      const r = results.get(provider) as Record<ServerKind, LoadResult[]>;
      const c = cpu.get(provider) as Record<ServerKind, number[]>;
      return serverKinds.map((kind) => summarise(provider, kind, r[kind], c[kind], rssMb(serverOf(kind, provider).child.pid), r.ours));
    });
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}
