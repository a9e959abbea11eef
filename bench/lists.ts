import type { ProviderId } from '../src/providers/ids.js';
import { startNode } from './procs.js';
import { benchScript } from './servers.js';

/** One provider's first list page (20 items) at each job count: ms per list. */
export interface ListRow {
  provider: ProviderId;
  /** The answer carries per-value counts of all the tenant's jobs (`{{countBy …}}`), which the
   *  mock keeps as jobs change (src/core/tally.ts): judged like the others. */
  carriesCounts: boolean;
  /** Jobs of tenant acme the provider held, smallest first. */
  counts: number[];
  /** Per count: median over rounds of the mean ms per list. */
  meanMs: number[];
  /** Per count: median over rounds of the rounds' p99 ms. */
  p99Ms: number[];
  roundsMs: number[][];
  /** Median of the rounds' ratios: mean ms at the largest count / at the smallest. */
  ratio: number;
  /** Per count: ms to create every provider's jobs in-process. */
  createMs: number[];
}

/** Runs the list comparison in a child process and returns its rows. */
export async function runLists(options: { providers: readonly ProviderId[]; counts: number[]; rounds: number; ms: number; log: (line: string) => void }): Promise<ListRow[]> {
  const { providers, counts, rounds, ms } = options;
  const child = startNode('lists', benchScript('lists-child'), [JSON.stringify({ providers, counts, rounds, ms })]);
  try {
    const { rows } = (await child.firstJson(600_000)) as unknown as { rows: ListRow[] };
    for (const r of rows) options.log(`lists ${r.provider}: ${r.counts.map((c, i) => `${c} jobs ${r.meanMs[i]?.toFixed(2)} ms`).join(', ')} per page of 20 (×${r.ratio.toFixed(2)})`);
    return rows;
  } finally {
    await child.stop();
  }
}
