import type { Target } from './load.js';
import { type LoadResult, median, runLoad } from './load.js';
import { type Child, startNode } from './procs.js';
import { benchScript } from './servers.js';

/** One job count: RSS (MB) after creating and after polling each once, getJob load if run. */
export interface ScaleRow {
  jobs: number;
  baselineMb: number;
  rssCreatedMb: number;
  rssPolledMb: number;
  createMs: number;
  rounds: LoadResult[];
  rps: number | null;
}

interface Report {
  jobs: number;
  baseline: number;
  rssCreated: number;
  rssPolled: number;
  createMs: number;
  targets: Target[];
}

/**
 * RSS with each job count (one child each, in turn), then getJob load (a cycle over every
 * provider) on the smallest and largest, interleaved, same connections and duration.
 */
export async function runScale(options: { counts: number[]; rounds: number; seconds: number; connections: number; log: (line: string) => void }): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  const loaded: Array<{ row: ScaleRow; child: Child; targets: Target[] }> = [];
  const small = Math.min(...options.counts);
  const large = Math.max(...options.counts);
  try {
    for (const jobs of options.counts) {
      const child = startNode(`scale ${jobs}`, benchScript('scale-child'), [String(jobs)], ['--expose-gc']);
      const report = (await child.firstJson(300_000)) as unknown as Report;
      const row: ScaleRow = { jobs: report.jobs, baselineMb: report.baseline, rssCreatedMb: report.rssCreated, rssPolledMb: report.rssPolled, createMs: report.createMs, rounds: [], rps: null };
      rows.push(row);
      options.log(`scale ${jobs} jobs: RSS ${report.rssCreated.toFixed(0)} MB created, ${report.rssPolled.toFixed(0)} MB polled (baseline ${report.baseline.toFixed(0)} MB)`);
      if (jobs === small || jobs === large) loaded.push({ row, child, targets: report.targets });
      else await child.stop();
    }
    for (const { targets } of loaded) await runLoad(targets, { connections: options.connections, seconds: 1 });
    for (let round = 0; round < options.rounds; round++) {
      for (const { row, targets } of loaded) {
        const result = await runLoad(targets, { connections: options.connections, seconds: options.seconds });
        row.rounds.push(result);
        options.log(`scale getJob at ${row.jobs} jobs, round ${round + 1}/${options.rounds}: ${result.rps.toFixed(0)} req/s, errors ${result.errors}`);
      }
    }
    for (const { row } of loaded) row.rps = median(row.rounds.map((r) => r.rps));
  } finally {
    await Promise.all(loaded.map((l) => l.child.stop()));
  }
  return rows;
}
