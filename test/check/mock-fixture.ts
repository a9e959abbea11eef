import { createMock, type Mock, type ProviderInfo } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import type { ProviderId } from '../../src/providers/ids.js';
import type { OpenMock } from '../helpers/drive.js';

/**
 * A poll-clock mock on a real port, for the CLI (a child of the CLI reaches it over a socket;
 * in-process clients use `openMock({ clock: 'poll' }).fetch` instead): each GET of a job moves it one step.
 */
export interface MockFixture {
  mock: Mock;
  server: RunningServer;
  info: ProviderInfo[];
  of(provider: ProviderId): ProviderInfo;
  headersOf(provider: ProviderId, tenant: 'acme' | 'globex'): Record<string, string>;
}

/** Starts the fixture; close `server` when done. */
export async function startMock(seed: string, providers?: ProviderId[]): Promise<MockFixture> {
  const mock = createMock({ clock: 'poll', seed, ...(providers ? { providers } : {}) });
  const server = await serve(mock.handle, { port: 0 });
  const info = mock.describe(server.origin);
  const of = (provider: ProviderId) => info.find((p) => p.id === provider) as ProviderInfo;
  return {
    mock,
    server,
    info,
    of,
    headersOf: (provider, tenant) => of(provider).tenants.find((t) => t.id === tenant)?.headers ?? {},
  };
}

/**
 * A fetch that answers a job's waits the way a person would: when a job it sees is waiting for
 * an answer (a `wait: respond` step), it POSTs the provider's respond operation before handing
 * the answer on.
 */
export function withResponder(drive: OpenMock, bodies: Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const response = await drive.fetch(input, init);
    if (response.status !== 200) return response;
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    for (const [id, provider] of drive.mock.providers) {
      const job = provider.store.all().find((j) => new URL(drive.url(id, 'getJob', j.identity.id)).pathname === path);
      if (!job || !provider.timeline(job).waiting) continue;
      const answered = await drive.call(id, 'respondToJob', job.identity.id, {
        method: 'POST',
        headers: { ...drive.headers(id, job.identity.tenant), 'content-type': 'application/json' },
        body: JSON.stringify(bodies[id] ?? {}),
      });
      if (answered.status !== 200 || answered.issues.length > 0) throw new Error(`respond to ${id} ${job.identity.id}: ${answered.status} ${JSON.stringify(answered.issues)}`);
    }
    return response;
  };
}
