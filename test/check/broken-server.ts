/**
 * A deliberately broken staging server: the poll-clock mock behind a Fetch handler that
 * corrupts chosen answers. Each planted defect names the finding code `check` must report for
 * it; nothing else about the answers is wrong. `check` reaches it through its injected fetch
 * (a reset is `Response.error()`, a cut body a stream that fails: what fetch gives for both).
 */
import type { FindingCode } from '../../src/check/index.js';
import { createSchemaCompiler } from '../../src/contracts/compile.js';
import { buildParamChecks } from '../../src/core/router.js';
import type { ProviderInfo } from '../../src/mock/mock.js';
import type { ProviderId } from '../../src/providers/ids.js';
import { type OpenMock, openMock } from '../helpers/drive.js';

/** Which request a defect answers: a poll of the job, or one of the probes' requests. */
export type RequestKind = 'poll' | 'no-credentials' | 'foreign' | 'unknown-id' | 'malformed-id';

interface DefectContext {
  poll: number;
  forward(extra?: Record<string, string>): Promise<Response>;
  json(status: number, body: unknown, headers?: Record<string, string>): Response;
  /** The provider's own answer for an error kind, got through the mock's door. */
  error(kind: 'forbidden' | 'unauthorized' | 'not-found'): Promise<Response>;
  /** State the defect keeps across requests. */
  memo: Record<string, unknown>;
  /** The credential headers of the jobs' own tenant. */
  acme: Record<string, string>;
}

/** One planted defect: where it is, what it does, and the code it must be reported with. */
export interface Defect {
  provider: ProviderId;
  /** The scenario of the acme job it corrupts; null for probes of ids that name no job. */
  scenario: string | null;
  kind: RequestKind;
  code: FindingCode;
  /** Codes the defect causes besides `code` (a job given up after resets is also unfinished). */
  also?: FindingCode[];
  what: string;
  /** Answers the request, or undefined to leave it alone. */
  apply(ctx: DefectContext): Promise<Response | undefined>;
}

async function patchJob(ctx: DefectContext, patch: (body: Record<string, unknown>, job: Record<string, unknown>) => boolean): Promise<Response | undefined> {
  const response = await ctx.forward();
  if (response.status !== 200) return response;
  const body = (await response.json()) as Record<string, unknown>;
  const job = (body.job ?? body) as Record<string, unknown>;
  patch(body, job);
  return ctx.json(200, body);
}

/** The planted defects: every finding code, spread over every provider. */
export const defects: Defect[] = [
  { provider: 'aisquare', scenario: 'happy-path', kind: 'poll', code: 'schema', what: 'is_active is a string on poll 2',
    apply: async (ctx) => (ctx.poll === 2 ? patchJob(ctx, (_, job) => ((job.is_active = 'yes'), true)) : undefined) },
  { provider: 'aisquare', scenario: 'slow', kind: 'poll', code: 'lifecycle-monotonic', what: 'updated_at goes back a day from poll 3 on',
    apply: async (ctx) => (ctx.poll >= 3 ? patchJob(ctx, (_, job) => ((job.updated_at = new Date(Date.parse(String(job.updated_at)) - 86_400_000).toISOString()), true)) : undefined) },
  { provider: 'aisquare', scenario: 'failure', kind: 'poll', code: 'transport', what: 'invalid JSON on poll 2',
    apply: async (ctx) => (ctx.poll === 2 ? ctx.forward({ prefer: 'fault=invalid-json' }) : undefined) },
  { provider: 'figur', scenario: 'happy-path', kind: 'poll', code: 'undocumented-status', what: '418 on poll 2',
    apply: async (ctx) => (ctx.poll === 2 ? ctx.json(418, { error: { code: 'TEAPOT', message: 'I am a teapot.' } }) : undefined) },
  { provider: 'figur', scenario: 'slow', kind: 'poll', code: 'lifecycle-field', what: 'a final artifact from IN_PROGRESS on (kept, so the append-only manifest loses nothing)',
    apply: async (ctx) =>
      patchJob(ctx, (_, job) => {
        if (job.status !== 'IN_PROGRESS' && !ctx.memo.planted) return false;
        ctx.memo.planted = true;
        job.result = [{ image_url: 'https://cdn.example.com/a.png?sig=1', kind: 'catalog_image', role: 'final', label: null, meta: {} }, ...((job.result as unknown[]) ?? [])];
        return true;
      }) },
  { provider: 'figur', scenario: 'failure', kind: 'foreign', code: 'tenant-leak', what: "another tenant's job gets a different 404 message",
    apply: async (ctx) => {
      const response = await ctx.forward();
      const body = (await response.json()) as { error: { message: string } };
      body.error.message = 'Job belongs to another account.';
      return ctx.json(response.status, body);
    } },
  { provider: 'osapi', scenario: 'happy-path', kind: 'poll', code: 'content-type', what: 'text/plain on poll 2',
    apply: async (ctx) => (ctx.poll === 2 ? new Response(await (await ctx.forward()).text(), { status: 200, headers: { 'content-type': 'text/plain' } }) : undefined) },
  { provider: 'osapi', scenario: 'broadcast-partial-failure', kind: 'poll', code: 'lifecycle-append-only', what: 'timeline[0] rewritten once published',
    apply: async (ctx) =>
      patchJob(ctx, (_, job) => {
        const timeline = job.timeline as Array<{ message: string }>;
        if (ctx.memo.seen && timeline[0]) timeline[0].message = 'rewritten';
        ctx.memo.seen ||= timeline.length > 0;
        return true;
      }) },
  { provider: 'osapi', scenario: 'failure', kind: 'poll', code: 'transport', what: 'body cut mid-way on poll 2',
    apply: async (ctx) => (ctx.poll === 2 ? ctx.forward({ prefer: 'fault=truncate' }) : undefined) },
  { provider: 'osapi', scenario: 'slow', kind: 'poll', code: 'job-unfinished', also: ['transport'], what: 'every poll from the second on is reset: the job never ends',
    apply: async (ctx) => (ctx.poll >= 2 ? ctx.forward({ prefer: 'fault=reset' }) : undefined) },
  { provider: 'figur', scenario: 'canceled', kind: 'poll', code: 'job-vanished', what: 'seen twice, then 404 forever',
    apply: async (ctx) => (ctx.poll >= 3 ? ctx.error('not-found') : undefined) },
  { provider: 'osapi', scenario: null, kind: 'malformed-id', code: 'not-found-probe', what: 'a malformed id gets 401',
    apply: (ctx) => ctx.error('unauthorized') },
  { provider: 'cata-pos', scenario: 'happy-path', kind: 'poll', code: 'lifecycle-transition', what: 'running goes back to pending once',
    apply: async (ctx) =>
      ctx.memo.done
        ? undefined
        : patchJob(ctx, (_, job) => {
            if (job.status !== 'running') return false;
            if (!ctx.memo.running) return (ctx.memo.running = true), false;
            ctx.memo.done = true;
            job.status = 'pending';
            return true;
          }) },
  { provider: 'cata-pos', scenario: null, kind: 'no-credentials', code: 'auth-probe', what: 'the job is served without credentials',
    apply: async (ctx) => ctx.forward({ 'x-api-key': 'cpk_test_acme_5f2c8e91a7d04b3e9c61f0a2d84b7e35' }) },
  { provider: 'cata-pos', scenario: 'stuck', kind: 'poll', code: 'timeout', what: 'the job never ends (scenario stuck)', apply: async () => undefined },
  { provider: 'scenario', scenario: 'happy-path', kind: 'poll', code: 'lifecycle-terminal-changed', what: 'success turns into failure on the next poll',
    apply: async (ctx) =>
      patchJob(ctx, (_, job) => {
        if (job.status !== 'success') return false;
        if (ctx.memo.success) job.status = 'failure';
        ctx.memo.success = true;
        return true;
      }) },
  { provider: 'scenario', scenario: null, kind: 'unknown-id', code: 'not-found-probe', what: 'an unknown id gets 403',
    apply: (ctx) => ctx.error('forbidden') },
  { provider: 'scenario', scenario: 'failure', kind: 'poll', code: 'transport', what: 'connection reset on poll 2',
    apply: async (ctx) => (ctx.poll === 2 ? ctx.forward({ prefer: 'fault=reset' }) : undefined) },
  { provider: 'azure', scenario: 'happy-path', kind: 'poll', code: 'lifecycle-monotonic', what: 'lastActionDateTime goes back an hour on poll 3',
    apply: async (ctx) => (ctx.poll === 3 ? patchJob(ctx, (_, job) => ((job.lastActionDateTime = new Date(Date.parse(String(job.lastActionDateTime)) - 3_600_000).toISOString()), true)) : undefined) },
  { provider: 'azure', scenario: 'failure', kind: 'poll', code: 'lifecycle-field', what: 'an error on a Running operation',
    apply: async (ctx) => patchJob(ctx, (_, job) => job.status === 'Running' && ((job.error = { code: 'InternalServerError', message: 'Too early.' }), true)) },
  { provider: 'google', scenario: 'slow', kind: 'poll', code: 'lifecycle-monotonic', what: 'progressPercent drops to 0 once, on the poll after it passed 0',
    apply: async (ctx) =>
      ctx.memo.done
        ? undefined
        : patchJob(ctx, (_, job) => {
            const metadata = job.metadata as { progressPercent?: number };
            if (!ctx.memo.seen) return ((ctx.memo.seen = Number(metadata.progressPercent) > 0), false);
            ctx.memo.done = true;
            metadata.progressPercent = 0;
            return true;
          }) },
  { provider: 'google', scenario: 'failure', kind: 'foreign', code: 'tenant-leak', what: "another tenant gets the job itself",
    apply: (ctx) => ctx.forward(ctx.acme) },
];

/** A running broken server. */
export interface BrokenServer {
  drive: OpenMock;
  /** The fetch `check` uses: required query parameters added (api-version), then the broken handler. */
  fetch: typeof globalThis.fetch;
  of(provider: ProviderId): ProviderInfo;
  jobOf(provider: ProviderId, scenario: string): string;
  headersOf(provider: ProviderId, tenant: 'acme' | 'globex'): Record<string, string>;
}

function tenantOf(info: ProviderInfo, request: Request): string | null {
  for (const tenant of info.tenants) {
    if (Object.entries(tenant.headers).every(([name, value]) => request.headers.get(name) === value)) return tenant.id;
  }
  return null;
}

/** Builds the broken server. */
export function startBrokenServer(): BrokenServer {
  const drive = openMock({ clock: 'poll', seed: 'broken-server' });
  const { mock } = drive;
  const polls = new Map<string, number>();
  const memos = new Map<Defect, Record<string, unknown>>();
  const of = (provider: ProviderId) => drive.info(provider);
  const routes = [...mock.providers].map(([id, p]) => {
    const op = p.contract.operation('getJob');
    const path = (op?.path ?? '').replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/, '([^/]+)');
    const info = drive.info(id);
    // Header names that carry a credential of this provider (none of them: no credentials).
    const credentialHeaders = new Set(info.credentials.flatMap((c) => Object.keys(c.headers).map((h) => h.toLowerCase())));
    // Well-formed or malformed: the same path-parameter check `check` picks its probe ids with.
    const name = /\{([^}]+)\}/.exec(op?.path ?? '')?.[1] ?? '';
    const wellFormed = buildParamChecks(p.contract, createSchemaCompiler()).get(`${op?.operationId}:${name}`) ?? (() => true);
    return { id, info, credentialHeaders, wellFormed, pattern: new RegExp(`^${new URL(info.baseUrl).pathname}${path}$`) };
  });

  /** The provider's documented answer for an error kind, asked of the mock as a client would cause it. */
  async function errorOf(id: string, kind: 'forbidden' | 'unauthorized' | 'not-found', jobId: string): Promise<Response> {
    // not-found: the provider's own answer for an id no job has, with a working credential.
    if (kind === 'not-found') return mock.handle(new Request(drive.url(id, 'getJob', mock.providers.get(id)?.unusedId()), { headers: mock.providers.get(id)?.tenants()[0]?.headers ?? {} }));
    // unauthorized: a well-formed id without credentials (some providers check the id's format first).
    if (kind === 'unauthorized') return mock.handle(new Request(drive.url(id, 'getJob', mock.providers.get(id)?.unusedId())));
    // forbidden: a credential without the scope some operation needs (the scope is checked before anything else).
    const provider = mock.providers.get(id);
    const scopes = ((provider?.contract.spec.document['x-job-mock'] as { scopes?: Record<string, string> } | undefined)?.scopes ?? {}) as Record<string, string>;
    for (const credential of provider?.credentials ?? []) {
      const role = Object.keys(scopes).find((r) => !credential.scopes.includes(scopes[r] as string) && provider?.contract.operation(r));
      if (role === undefined) continue;
      const op = provider?.contract.operation(role);
      return mock.handle(new Request(drive.url(id, role, op?.path.includes('{') ? jobId : undefined), { method: op?.method ?? 'GET', headers: credential.headers }));
    }
    throw new Error(`${id} has no credential that lacks a scope: cannot show its forbidden answer`);
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    for (const route of routes) {
      const m = request.method === 'GET' ? route.pattern.exec(url.pathname) : null;
      if (!m) continue;
      const p = route.info;
      const id = decodeURIComponent(m[1] as string);
      const job = p.jobs.find((j) => j.id === id);
      const tenant = tenantOf(p, request);
      const anonymous = tenant === null && ![...request.headers.keys()].some((h) => route.credentialHeaders.has(h));
      let kind: RequestKind | undefined;
      if (job && job.tenant === 'acme') kind = tenant === 'acme' ? 'poll' : tenant === 'globex' ? 'foreign' : anonymous ? 'no-credentials' : undefined;
      else if (!job && tenant === 'acme') kind = route.wellFormed(id) ? 'unknown-id' : 'malformed-id';
      if (kind === 'poll') polls.set(id, (polls.get(id) ?? 0) + 1);
      const defect = defects.find((d) => d.provider === route.id && d.kind === kind && (d.scenario === null || d.scenario === job?.scenario));
      if (!defect) break;
      if (!memos.has(defect)) memos.set(defect, {});
      const answer = await defect.apply({
        poll: polls.get(id) ?? 0,
        memo: memos.get(defect) as Record<string, unknown>,
        acme: drive.headers(route.id, 'acme'),
        forward: (extra = {}) => {
          const headers = new Headers(request.headers);
          for (const [k, v] of Object.entries(extra)) headers.set(k, v);
          return mock.handle(new Request(request.url, { headers }));
        },
        json: (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
        error: (errorKind) => errorOf(route.id, errorKind, id),
      });
      if (answer) return answer;
      break;
    }
    return mock.handle(request);
  }

  return {
    drive,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      return handle(new Request(drive.complete(request.url, request.method), request));
    },
    of,
    jobOf: (provider, scenario) => of(provider).jobs.find((j) => j.tenant === 'acme' && j.scenario === scenario)?.id as string,
    headersOf: (provider, tenant) => drive.headers(provider, tenant),
  };
}
