import type { Operation } from '../../src/contracts/spec.js';
import type { Mock } from '../../src/mock/mock.js';
import { serverBasePath } from '../../src/core/router.js';
import type { ProviderId } from '../../src/providers/ids.js';
import { sampleBodies } from '../../src/providers/sample-bodies.js';

/** The body a client would send to `op`, or undefined when it takes none. */
export function validBodyOf(op: Operation): unknown {
  return op.requestBody ? (sampleBodies[op.operationId] ?? {}) : undefined;
}

/** One provider as a hostile client sees it: where it is mounted, its operations, its keys. */
export interface Target {
  id: ProviderId;
  /** `/scenario/v1`: the mount point plus the spec's server base path. */
  prefix: string;
  ops: Operation[];
  /** Header sets: none, each demo credential (every scope), and garbled ones. */
  credentials: Array<Array<[string, string]>>;
  /** Each tenant's full-access headers. */
  tenants: Record<string, Array<[string, string]>>;
}

/** The five providers of a mock, ready for generators to index into. */
export function targetsOf(mock: Mock): Target[] {
  return [...mock.providers].map(([id, provider]) => ({
    id,
    prefix: `${mock.mountOf(id)}${serverBasePath(provider.contract.spec.serverUrl)}`,
    ops: provider.contract.spec.operations,
    credentials: [
      [],
      ...provider.adapter.credentials.map((c) => Object.entries(c.headers)),
      [['authorization', 'Bearer nope']],
      [['x-api-key', 'nope']],
      [['authorization', 'Basic !!!not-base64']],
      [['authorization', `Bearer ${'a'.repeat(6000)}`]],
    ],
    tenants: Object.fromEntries(provider.tenants().map((t) => [t.id, Object.entries(t.headers)])),
  }));
}

/** Fills an operation's path template: each `{param}` takes the next value. */
export function fillPath(path: string, values: readonly string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => values[i++] ?? 'x');
}
