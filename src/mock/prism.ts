import type { ProviderId } from '../providers/ids.js';

/** Schema-driven answers through Prism — wired in once the scenario mock is complete. */
export async function createPrismFallback(_providers: readonly ProviderId[]): Promise<(provider: ProviderId, request: Request, path: string) => Promise<Response>> {
  throw new Error('job-contracts: --mode schema is not available yet.');
}
