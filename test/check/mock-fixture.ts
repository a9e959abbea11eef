import { createMock, type Mock, type ProviderInfo } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import type { ProviderId } from '../../src/providers/ids.js';

/** A poll-clock mock on a real port: each GET of a job moves it one step, so nothing waits. */
export interface MockFixture {
  mock: Mock;
  server: RunningServer;
  info: ProviderInfo[];
  of(provider: ProviderId): ProviderInfo;
  headersOf(provider: ProviderId, tenant: 'acme' | 'globex'): Record<string, string>;
}

/** Starts the fixture; close `server` when done. */
export async function startMock(seed: string, providers?: ProviderId[]): Promise<MockFixture> {
  const mock = await createMock({ clock: 'poll', seed, ...(providers ? { providers } : {}) });
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
 * A fetch that answers cata-pos clarification questions the way a person would: when a job
 * is seen in needs_clarification, it POSTs …/respond before handing the answer on.
 */
export function withResponder(fixture: MockFixture): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input);
    if (!url.includes('/cata-pos/') || response.status !== 200) return response;
    const text = await response.text();
    if (text.includes('"status":"needs_clarification"')) {
      await fixture.mock.handle(
        new Request(`${url}/respond`, {
          method: 'POST',
          headers: { ...fixture.headersOf('cata-pos', 'acme'), 'content-type': 'application/json' },
          body: JSON.stringify({ response: 'Products are under `objects`.' }),
        }),
      );
    }
    return new Response(text, { status: response.status, headers: response.headers });
  };
}
