import { validateResponse } from '../../src/contracts/index.js';
import type { Issue } from '../../src/contracts/issues.js';
import { checkSnapshot, checkTransition, jobOf, type LifecycleViolation, statusOf } from '../../src/lifecycle/evaluate.js';
import type { Mock, ProviderInfo } from '../../src/mock/mock.js';
import type { ProviderId } from '../../src/providers/ids.js';

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
export const actionBodies: Partial<Record<ProviderId, Partial<Record<string, unknown>>>> = {
  scenario: { cancelJob: { action: 'cancel' } },
  'cata-pos': { respondToJob: { response: 'Use the Square v2 orders API.' } },
  osapi: { retryJob: { target_hostname: 'web-01' } },
};

/** The URL of an operation for a job id. */
export function operationUrl(mock: Mock, info: ProviderInfo, role: string, id: string): string {
  const provider = mock.providers.get(info.id);
  const op = provider?.contract.operation(role);
  if (!op) throw new Error(`${info.id} has no ${role}`);
  return `${info.baseUrl}${op.path.replace(/\{[^}]+\}/, encodeURIComponent(id))}`;
}

/** Sends a request and validates the answer against the operation's contract. */
export async function call(provider: ProviderId, operation: string, url: string, init: RequestInit = {}): Promise<Observed> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // left as text: the validator reports it
  }
  const result = validateResponse({ provider, operation, status: response.status, contentType, body });
  return { operation, status: response.status, contentType, body, issues: result.ok ? [] : result.issues, violations: [] };
}

/**
 * Polls a job to its end on a manual-clock mock: advances the clock to each next step,
 * answers waits (respond), validates every answer and the lifecycle between polls.
 */
export async function runToEnd(mock: Mock, info: ProviderInfo, id: string, options: { cancelAfterPolls?: number; maxPolls?: number } = {}): Promise<{ observed: Observed[]; final: unknown; terminal: boolean }> {
  const provider = mock.providers.get(info.id);
  if (!provider) throw new Error(`no provider ${info.id}`);
  const lifecycle = provider.contract.spec.lifecycle;
  const headers = info.tenants[0]?.headers ?? {};
  const observed: Observed[] = [];
  let previous: unknown;
  let terminal = false;
  for (let poll = 0; poll < (options.maxPolls ?? 200); poll++) {
    const got = await call(info.id, 'getJob', operationUrl(mock, info, 'getJob', id), { headers });
    observed.push(got);
    if (got.status === 200) {
      const job = jobOf(lifecycle, got.body);
      got.violations.push(...checkSnapshot(lifecycle, job));
      if (previous !== undefined) got.violations.push(...checkTransition(lifecycle, previous, job));
      previous = job;
      terminal = lifecycle.terminal.includes(statusOf(lifecycle, job) ?? '');
      if (terminal) break;
    }
    const stored = provider.store.get(id);
    if (!stored) break;
    if (options.cancelAfterPolls === poll) {
      const body = actionBodies[info.id]?.cancelJob;
      observed.push(
        await call(info.id, 'cancelJob', operationUrl(mock, info, 'cancelJob', id), {
          method: 'POST',
          headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }),
      );
      continue;
    }
    const line = provider.timeline(stored);
    if (line.waiting) {
      const body = actionBodies[info.id]?.respondToJob ?? {};
      observed.push(
        await call(info.id, 'respondToJob', operationUrl(mock, info, 'respondToJob', id), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
      continue;
    }
    if (line.nextAt === undefined) break; // nothing more will happen (stuck)
    mock.clock.advance(Math.max(1, stored.record.createdAt + line.nextAt - mock.clock.now()));
  }
  return { observed, final: previous, terminal };
}
