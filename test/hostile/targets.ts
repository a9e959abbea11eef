import type { Operation } from '../../src/contracts/spec.js';
import { requestBodyOf, requiredQueryOf } from '../../src/contracts/sample-request.js';
import type { Mock } from '../../src/mock/mock.js';
import { serverBasePath } from '../../src/core/router.js';

/** What a client sends to prove who it is: headers, and query parameters for apiKey-in-query schemes. */
export interface Access {
  label: string;
  headers: Array<[string, string]>;
  query: Record<string, string>;
}

/** One provider as a hostile client sees it: where it is mounted, its operations, its keys. */
export interface Target {
  id: string;
  /** `/scenario/v1`: the mount point plus the spec's server base path. */
  prefix: string;
  ops: Operation[];
  /** None, each demo credential (every scope), and garbled ones. */
  credentials: Access[];
  /** Each tenant's demo credentials. */
  byTenant: Record<string, Access[]>;
  /** Each tenant's full-access credential. */
  tenants: Record<string, Access>;
  /** A valid body for an operation (undefined when it takes none), derived from the spec. */
  bodyOf(op: Operation): unknown;
  /** The required query parameters of an operation, and the credential's, as `?a=b&…` ('' for none). */
  queryOf(op: Operation, access?: Access): string;
}

const garbled: Access[] = [
  { label: 'none', headers: [], query: {} },
  { label: 'unknown bearer', headers: [['authorization', 'Bearer nope']], query: {} },
  { label: 'unknown key', headers: [['x-api-key', 'nope'], ['ocp-apim-subscription-key', 'nope']], query: {} },
  { label: 'broken basic', headers: [['authorization', 'Basic !!!not-base64']], query: {} },
  { label: 'huge bearer', headers: [['authorization', `Bearer ${'a'.repeat(6000)}`]], query: {} },
];

/** Every provider of a mock, ready for generators to index into. */
export function targetsOf(mock: Mock): Target[] {
  return [...mock.providers].map(([id, provider]) => {
    const { contract } = provider;
    const demo: Access[] = provider.credentials.map((c) => ({ label: c.label, headers: Object.entries(c.headers), query: c.query }));
    const byTenant: Record<string, Access[]> = {};
    provider.credentials.forEach((c, i) => (byTenant[c.tenant] ??= []).push(demo[i] as Access));
    const tenants = Object.fromEntries(provider.tenants().map((t) => [t.id, demo[provider.credentials.findIndex((c) => c.tenant === t.id && c.headers === t.headers)] as Access]));
    // Computed up front: a spec that gives no valid body fails here, naming the operation.
    const bodies = new Map(contract.spec.operations.map((op) => [op.operationId, requestBodyOf(contract, op)]));
    const queries = new Map(contract.spec.operations.map((op) => [op.operationId, requiredQueryOf(contract, op)]));
    return {
      id,
      prefix: `${mock.mountOf(id)}${serverBasePath(contract.spec.serverUrl)}`,
      ops: contract.spec.operations,
      credentials: [...garbled, ...demo],
      byTenant,
      tenants,
      bodyOf: (op) => bodies.get(op.operationId),
      queryOf: (op, access) => {
        const pairs = new URLSearchParams({ ...queries.get(op.operationId), ...access?.query }).toString();
        return pairs === '' ? '' : `?${pairs}`;
      },
    };
  });
}

/** Joins a path's own query (`?a=b` or '') and more raw pairs (`?x=y` or ''). */
export function withQuery(path: string, own: string, extra = ''): string {
  if (extra === '') return `${path}${own}`;
  return own === '' ? `${path}${extra}` : `${path}${own}&${extra.replace(/^\?/, '')}`;
}

/** Fills an operation's path template: each `{param}` takes the next value. */
export function fillPath(path: string, values: readonly string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => values[i++] ?? 'x');
}

/** Sends one well-formed request to an operation and checks the answer against the operation's spec. */
export async function callOperation(mock: Mock, origin: string, target: Target, op: Operation, values: readonly string[], access: Access): Promise<{ status: number; issues: string[] }> {
  const body = target.bodyOf(op);
  const response = await fetch(`${origin}${target.prefix}${fillPath(op.path, values.map(encodeURIComponent))}${target.queryOf(op, access)}`, {
    method: op.method,
    headers: [...access.headers, ...(body !== undefined ? [['content-type', 'application/json'] as [string, string]] : [])],
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const checked = mock.providers.get(target.id)?.contract.validateResponse({ operation: op.operationId, status: response.status, contentType: response.headers.get('content-type'), body: text === '' ? undefined : JSON.parse(text) });
  return { status: response.status, issues: checked && !checked.ok ? checked.issues.map((i) => `${i.pointer} ${i.message}`) : [] };
}
