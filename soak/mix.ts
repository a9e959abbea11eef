import type { Request as LoadRequest } from 'autocannon';
import type { Mock, ProviderInfo } from '../src/mock/mock.js';
import { requestBodyOf } from '../src/contracts/sample-request.js';

/** What an answer may be, besides documented by the operation's spec. */
interface Expect {
  provider: string;
  operation: string;
  /** The one status this request must get (a fault asked for, another tenant's job). */
  status?: number;
  /** 5xx/429 a scripted scenario step may answer instead. */
  scripted?: readonly number[];
  /** Not-found is fine (a chained request whose create did not happen yet). */
  maybeGone?: boolean;
  /** `Prefer: fault=invalid-json`: the body must not parse. */
  brokenJson?: boolean;
}

/** Unexpected answers by reason, with the first example of each. */
export interface Tally {
  responses: number;
  unexpected: number;
  reasons: Map<string, { count: number; example: string }>;
}

/** Fault kinds sent with `Prefer: fault=` through the load (reset and truncate go by the side channel). */
export const loadFaults = ['500', '502', '503', '429', 'invalid-json', 'latency'] as const;


function judge(mock: Mock, want: Expect, status: number, text: string, contentType: string | undefined): string | undefined {
  const where = `${want.provider} ${want.operation}`;
  if (want.status !== undefined && status !== want.status) return `${where}: wanted ${want.status}, got ${status}`;
  if (want.status === undefined && (status >= 500 || status === 429) && !want.scripted?.includes(status)) return `${where}: ${status} nobody asked for`;
  if (want.brokenJson) {
    try {
      JSON.parse(text);
      return `${where}: fault=invalid-json answered valid JSON`;
    } catch {
      return status < 500 ? undefined : `${where}: fault=invalid-json answered ${status}`;
    }
  }
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return `${where} ${status}: body is not JSON`;
  }
  if (want.maybeGone && status === 404) return undefined;
  const checked = mock.providers.get(want.provider)?.contract.validateResponse({ operation: want.operation, status, contentType: contentType ?? null, body });
  return checked && !checked.ok ? `${where} ${status}: ${checked.issues[0]?.message}` : undefined;
}

function record(tally: Tally, reason: string | undefined, detail: string): void {
  tally.responses++;
  if (reason === undefined) return;
  tally.unexpected++;
  const seen = tally.reasons.get(reason);
  if (seen) seen.count++;
  else tally.reasons.set(reason, { count: 1, example: detail.slice(0, 300) });
}

/** The id a create answer names (figur `job_id`, osapi `job_id`, cata-pos `jobId`). */
function createdId(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { job_id?: unknown; jobId?: unknown };
    const id = body.job_id ?? body.jobId;
    return id === undefined ? undefined : String(id);
  } catch {
    return undefined;
  }
}

/**
 * The soak's request mix for every provider of a running mock: each tenant's jobs of every
 * scenario read back (and another tenant's, which must be 404), lists, events, cancels,
 * responds, creates chained to reads and deletes, every `Prefer: fault=` kind the load can carry,
 * bad credentials and ids, and routes outside the specs. Each request checks its own answer
 * against the spec and counts what is unexpected in `tally`.
 */
export function buildMix(mock: Mock, providers: ProviderInfo[], tally: Tally): LoadRequest[] {
  const out: LoadRequest[] = [];
  const add = (method: 'GET' | 'POST' | 'DELETE', path: string, headers: Record<string, string>, want: Expect | 'outside', extra: Partial<LoadRequest> = {}) => {
    const label = `${method} ${path}`;
    const onResponse = (status: number, body: string, context: object, answer: LoadRequest['headers']) => {
      const contentType = answer?.['content-type'] as string | undefined;
      const reason = want === 'outside' ? (status === 404 || status === 405 ? undefined : `outside the specs: ${status}`) : judge(mock, want, status, body, contentType);
      record(tally, reason, `${label} → ${status} ${body.slice(0, 200)}`);
      (extra.onResponse as ((s: number, b: string, c: object) => void) | undefined)?.(status, body, context);
    };
    out.push({ method, path, headers, ...extra, onResponse });
  };

  for (const p of providers) {
    const provider = mock.providers.get(p.id);
    if (!provider) continue;
    const base = new URL(p.baseUrl).pathname.replace(/\/$/, '');
    const acme = p.tenants.find((t) => t.id === 'acme')?.headers ?? {};
    const globex = p.tenants.find((t) => t.id === 'globex')?.headers ?? {};
    const ops = provider.contract.spec.operations;
    const pathOf = (operationId: string, id = '') => `${base}${ops.find((o) => o.operationId === operationId)?.path.replace(/\{[^}]+\}/, encodeURIComponent(id))}`;
    const jsonHeaders = (headers: Record<string, string>) => ({ ...headers, 'content-type': 'application/json' });
    const scripted = (scenario: string) =>
      (provider.scenarios.get(scenario)?.steps ?? []).flatMap((s) => (s.fault && /^\d+$/.test(s.fault.kind) ? [Number(s.fault.kind)] : []));
    const getJob = ops.find((o) => o.role === 'getJob')?.operationId as string;
    const happy = p.jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path')?.id ?? '';

    for (const job of p.jobs.filter((j) => j.tenant === 'acme')) {
      add('GET', pathOf(getJob, job.id), acme, { provider: p.id, operation: getJob, scripted: scripted(job.scenario) });
      add('GET', pathOf(getJob, job.id), globex, { provider: p.id, operation: getJob, status: 404 });
      for (const op of ops.filter((o) => o.role === 'listJobEvents' || o.role === 'cancelJob' || o.role === 'respondToJob')) {
        const body = requestBodyOf(provider.contract, op);
        // A cancel on every job would end them all at once: cancel only the slow ones.
        if (op.role === 'cancelJob' && job.scenario !== 'slow' && job.scenario !== 'canceled') continue;
        add(op.method as 'GET' | 'POST', pathOf(op.operationId, job.id), op.requestBody ? jsonHeaders(acme) : acme, { provider: p.id, operation: op.operationId }, op.requestBody && body !== undefined ? { body: JSON.stringify(body) } : {});
      }
    }
    for (const fault of loadFaults) {
      const status = /^\d+$/.test(fault) ? Number(fault) : undefined;
      add('GET', pathOf(getJob, happy), { ...acme, prefer: `fault=${fault}` }, { provider: p.id, operation: getJob, ...(status ? { status } : {}), ...(fault === 'invalid-json' ? { brokenJson: true } : {}) });
    }
    for (const op of ops.filter((o) => o.role === 'listJobs')) {
      add('GET', pathOf(op.operationId), acme, { provider: p.id, operation: op.operationId });
      add('GET', pathOf(op.operationId), globex, { provider: p.id, operation: op.operationId });
    }
    // Creates, each chained to a read (and on osapi a retry and a delete) of the job it made.
    const names = [...provider.scenarios.keys()].sort();
    let next = 0;
    for (const op of ops.filter((o) => o.role === 'createJob')) {
      const key = `${p.id}:${op.operationId}`;
      add('POST', pathOf(op.operationId), jsonHeaders(acme), { provider: p.id, operation: op.operationId }, {
        body: JSON.stringify(requestBodyOf(provider.contract, op) ?? {}),
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, prefer: `scenario=${names[next++ % names.length]}` } }),
        onResponse: (_status, body, context) => {
          (context as Record<string, string | undefined>)[key] = createdId(body);
        },
      });
      for (const chained of ops.filter((o) => o.role === 'getJob' || o.role === 'retryJob' || o.role === 'deleteJob')) {
        const body = requestBodyOf(provider.contract, chained);
        add(chained.method as 'GET' | 'POST' | 'DELETE', pathOf(chained.operationId, 'pending'), chained.requestBody ? jsonHeaders(acme) : acme, { provider: p.id, operation: chained.operationId, maybeGone: true, scripted: [503, 429] }, {
          ...(chained.requestBody && body !== undefined ? { body: JSON.stringify(body) } : {}),
          setupRequest: (request, context) => ({ ...request, path: pathOf(chained.operationId, (context as Record<string, string | undefined>)[key] ?? 'never-created') }),
        });
      }
    }
    // Bad credentials and a malformed id get the provider's documented errors.
    add('GET', pathOf(getJob, happy), { authorization: 'Bearer nope', 'x-api-key': 'nope' }, { provider: p.id, operation: getJob });
    add('GET', pathOf(getJob, 'not a valid id/..'), acme, { provider: p.id, operation: getJob });
    add('DELETE', `${base}/__nothing-here__`, acme, 'outside');
  }
  add('GET', '/no-such-provider/jobs', {}, 'outside');
  return out;
}
