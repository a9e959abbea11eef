import type { ProviderId } from '../src/providers/ids.js';
import { startNode } from './procs.js';
import { benchScript } from './servers.js';

/** Requests per second through MSW: our handlers vs a plain static handler, same process. */
export interface MswRow {
  provider: ProviderId;
  ours: number;
  plain: number;
  /** Median of the per-round ratios ours / plain (each pair measured back to back). */
  ratio: number;
  oursRounds: number[];
  plainRounds: number[];
}

/** Runs the MSW comparison in a child process and returns its rows. */
export async function runMsw(options: { providers: readonly ProviderId[]; rounds: number; ms: number; log: (line: string) => void }): Promise<MswRow[]> {
  const child = startNode('msw', benchScript('msw-child'), [JSON.stringify({ providers: options.providers, rounds: options.rounds, ms: options.ms })]);
  try {
    const { rows } = (await child.firstJson(600_000)) as unknown as { rows: MswRow[] };
    for (const r of rows) options.log(`msw ${r.provider}: ours ${r.ours.toFixed(0)}/s, plain ${r.plain.toFixed(0)}/s`);
    return rows;
  } finally {
    await child.stop();
  }
}
