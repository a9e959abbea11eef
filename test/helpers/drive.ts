/**
 * The one way tests talk to a mock: `openMock()` builds it and sends requests through its
 * public door (`mock.handle(new Request(…))`), no socket. URLs carry the operation's required
 * query parameters (azure's `api-version`) read from the spec, so no test hard-codes them.
 */
import type { Contract } from '../../src/contracts/contracts.js';
import type { Issue } from '../../src/contracts/issues.js';
import { requiredQueryOf } from '../../src/contracts/sample-request.js';
import type { Operation } from '../../src/contracts/spec.js';
import { checkSnapshot, checkTransition, jobOf, type LifecycleViolation, statusOf } from '../../src/lifecycle/evaluate.js';
import { createMock, type Mock, type MockOptions, type ProviderInfo } from '../../src/mock/mock.js';

/** What one answer looked like, and what was wrong with it. */
export interface Observed {
  operation: string;
  status: number;
  contentType: string | null;
  body: unknown;
  issues: Issue[];
  violations: LifecycleViolation[];
}

/** Request bodies for the roles whose bodies the provider defines. */
export const actionBodies: Partial<Record<string, Partial<Record<string, unknown>>>> = {
  scenario: { cancelJob: { action: 'cancel' } },
  'cata-pos': { respondToJob: { response: 'Use the Square v2 orders API.' } },
  osapi: { retryJob: { target_hostname: 'web-01' } },
};

/** The origin every request of `openMock` goes to; nothing listens there. */
export const ORIGIN = 'http://mock.test';

/** A mock and the helpers that reach it through `mock.handle`. */
export interface OpenMock {
  mock: Mock;
  /** GET /__admin/providers' entry for a provider (base URL, tenants, credentials, seeded jobs). */
  info(provider: string): ProviderInfo;
  /** The headers of a tenant's fullest credential. */
  headers(provider: string, tenant?: string): Record<string, string>;
  /** The absolute URL of the operation playing `role`, for a job id, with its required query. */
  url(provider: string, role: string, id?: string, query?: Record<string, string>): string;
  /** Sends `method path` (relative to the provider's base URL); required query parameters of the operation it reaches are added when missing. */
  request(provider: string, method: string, path: string, init?: RequestInit): Promise<Response>;
  /** Sends to the operation of `role` for a job id and validates the answer against the contract. */
  call(provider: string, role: string, id: string | undefined, init?: RequestInit): Promise<Observed>;
  /** The same validation for an answer got some other way. */
  observe(provider: string, role: string, response: Response): Promise<Observed>;
  /**
   * A `fetch` for `checkJobs` and other clients: every request goes to `mock.handle` as sent
   * (required query parameters are the client's to send).
   */
  fetch: typeof globalThis.fetch;
  /** An absolute URL of this mock with the required query of the operation it reaches added. */
  complete(url: string, method?: string): string;
}

/** Builds a mock (defaults: manual clock, seed `test`) and the helpers to reach it. */
export function openMock(options: MockOptions = {}): OpenMock {
  return driverOf(createMock({ clock: 'manual', seed: 'test', ...options }));
}

/** The operation reached by `method path` (path relative to the base URL), if any. */
function operationAt(contract: Contract, method: string, path: string): Operation | undefined {
  const bare = path.split('?')[0] ?? '';
  return contract.spec.operations.find((op) => {
    if (op.method !== method.toUpperCase()) return false;
    const pattern = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(bare);
  });
}

/** The helpers of `openMock` for a mock built elsewhere. */
export function driverOf(mock: Mock): OpenMock {
  const described = new Map(mock.describe(ORIGIN).map((p) => [p.id, p]));
  const provider = (id: string) => {
    const p = mock.providers.get(id);
    if (!p) throw new Error(`this mock serves no provider ${id}`);
    return p;
  };
  const info = (id: string): ProviderInfo => {
    provider(id);
    // Jobs change; base URL and tenants do not.
    return mock.describe(ORIGIN).find((p) => p.id === id) ?? (described.get(id) as ProviderInfo);
  };
  const operation = (id: string, role: string): Operation => {
    const op = provider(id).contract.operation(role);
    if (!op) throw new Error(`${id} has no ${role}`);
    return op;
  };
  const requiredQuery = new Map<Operation, Record<string, string>>();
  const withQuery = (id: string, op: Operation | undefined, url: string, extra: Record<string, string> = {}): string => {
    const full = new URL(url);
    if (op && !requiredQuery.has(op)) requiredQuery.set(op, requiredQueryOf(provider(id).contract, op));
    const required = op ? requiredQuery.get(op) : {};
    for (const [name, value] of Object.entries({ ...required, ...extra })) if (!full.searchParams.has(name)) full.searchParams.set(name, value);
    return full.toString();
  };
  const baseUrl = (id: string) => (described.get(id) as ProviderInfo).baseUrl;
  /** An absolute URL with the required query of the operation it reaches, whichever provider that is. */
  const completed = (url: string, method: string): string => {
    for (const [id, p] of described) {
      if (!url.startsWith(`${p.baseUrl}/`)) continue;
      const path = new URL(url).pathname.slice(new URL(p.baseUrl).pathname.length);
      return withQuery(id, operationAt(provider(id).contract, method, path), url);
    }
    return url;
  };
  const url: OpenMock['url'] = (id, role, jobId, query) => {
    const op = operation(id, role);
    const path = jobId === undefined ? op.path : op.path.replace(/\{[^}]+\}/, encodeURIComponent(jobId));
    return withQuery(id, op, `${baseUrl(id)}${path}`, query);
  };
  const observe: OpenMock['observe'] = async (id, role, response) => {
    const contentType = response.headers.get('content-type');
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // left as text: the validator reports it
    }
    const result = provider(id).contract.validateResponse({ operation: operation(id, role).operationId, status: response.status, contentType, body });
    return { operation: role, status: response.status, contentType, body, issues: result.ok ? [] : result.issues, violations: [] };
  };
  return {
    mock,
    info,
    headers: (id, tenant = 'acme') => {
      provider(id);
      const found = described.get(id)?.tenants.find((t) => t.id === tenant);
      if (!found) throw new Error(`${id} has no tenant ${tenant}`);
      return found.headers;
    },
    url,
    request: (id, method, path, init = {}) => mock.handle(new Request(completed(`${baseUrl(id)}${path}`, method), { ...init, method })),
    call: async (id, role, jobId, init = {}) => observe(id, role, await mock.handle(new Request(url(id, role, jobId), { ...init, method: init.method ?? operation(id, role).method }))),
    observe,
    complete: (target, method = 'GET') => completed(target, method),
    fetch: async (input, init = {}) => {
      // What a client sends is what the mock gets: no query filled in (a checker that forgets a
      // required api-version must see the 400 a real server gives).
      return mock.handle(new Request(input, init));
    },
  };
}

/**
 * Polls a job to its end on a manual-clock mock: advances the clock to each next step,
 * answers waits (respond), validates every answer and the lifecycle between polls.
 */
export async function runToEnd(drive: OpenMock, providerId: string, id: string, options: { cancelAfterPolls?: number; maxPolls?: number } = {}): Promise<{ observed: Observed[]; final: unknown; terminal: boolean }> {
  const { mock } = drive;
  const provider = mock.providers.get(providerId);
  if (!provider) throw new Error(`no provider ${providerId}`);
  const lifecycle = provider.contract.spec.lifecycle;
  const stored = provider.store.get(id);
  if (!stored) throw new Error(`no job ${id}`);
  const headers = drive.headers(providerId, stored.identity.tenant);
  const observed: Observed[] = [];
  let previous: unknown;
  let terminal = false;
  const act = async (role: string) => {
    const body = actionBodies[providerId]?.[role] ?? (role === 'respondToJob' ? {} : undefined);
    const init: RequestInit = { method: 'POST', headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
    observed.push(await drive.call(providerId, role, id, init));
  };
  for (let poll = 0; poll < (options.maxPolls ?? 200); poll++) {
    const got = await drive.call(providerId, 'getJob', id, { headers });
    observed.push(got);
    if (got.status === 200) {
      const job = jobOf(lifecycle, got.body);
      got.violations.push(...checkSnapshot(lifecycle, job));
      if (previous !== undefined) got.violations.push(...checkTransition(lifecycle, previous, job));
      previous = job;
      terminal = lifecycle.terminal.includes(statusOf(lifecycle, job) ?? '');
      if (terminal) break;
    }
    if (provider.store.get(id) !== stored) break;
    if (options.cancelAfterPolls === poll) {
      await act('cancelJob');
      continue;
    }
    const line = provider.timeline(stored);
    if (line.waiting) {
      await act('respondToJob');
      continue;
    }
    if (line.nextAt === undefined) break; // nothing more will happen (stuck)
    mock.clock.advance(Math.max(1, stored.identity.createdAt + line.nextAt - mock.clock.now()));
  }
  return { observed, final: previous, terminal };
}
