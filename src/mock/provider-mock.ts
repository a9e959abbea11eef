import type { Contract } from '../contracts/contracts.js';
import type { LoadCache } from '../contracts/load-cache.js';
import type { Clock } from '../engine/clock.js';
import { type Fault, isFaultKind } from '../engine/fault.js';
import type { Scenario } from '../engine/scenario.js';
import { type JobAction, type Position, type Timeline, timelineAt } from '../engine/timeline.js';
import { ConfigError } from '../errors/index.js';
import type { Credential, ErrorContext, ErrorKind, JobHandle, ProviderAdapter, RenderContext, RoleContext, WireResponse } from '../providers/adapter.js';
import { ulid } from 'ulid';
import { hash32, prng } from '../engine/random.js';
import { readJsonBody } from './body.js';
import { faultResponse } from './faults.js';
import { createCredentialReader } from './credential-memo.js';
import { headOfRequest, type PlainAnswer, type RequestHead, toResponse } from './head.js';
import type { Journal } from './journal.js';
import { createPollTargets } from './poll-target.js';
import { checkPrefer, readPrefer } from './prefer.js';
import { createRecorder, type JournalNote } from './recorder.js';
import { createRenderBudget, type PollCache } from './render-cache.js';
import { buildParamChecks, buildRoutes, matchRoute, type ParamCheck, type Route } from './router.js';
import { JobStore, type StoredJob } from './store.js';

/** How one provider's mock is put together. */
export interface ProviderMockOptions {
  adapter: ProviderAdapter;
  contract: Contract;
  scenarios: Map<string, Scenario>;
  clock: Clock;
  seed: string;
  text: (seed: string, key: string) => string;
  journal: Journal;
  sleep: (ms: number) => Promise<void>;
  /** Largest request body accepted, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Requests per second allowed per credential; more get the provider's 429. */
  rateLimit?: number;
  /** Answers operations that have no handler (Prism, schema-driven). */
  fallback?: (request: Request, path: string) => Promise<Response>;
  /** Serve every operation through `fallback` (`--mode schema`). */
  schemaOnly?: boolean;
  /** The start-up cache, for the path-parameter validators. */
  cache?: LoadCache;
  /** Live jobs kept before the oldest created through the API are forgotten (default 50,000). */
  maxJobs?: number;
}

/** One provider's mock: `(Request) => Promise<Response>` plus its jobs. */
export interface ProviderMock {
  readonly adapter: ProviderAdapter;
  readonly contract: Contract;
  readonly store: JobStore;
  readonly scenarios: Map<string, Scenario>;
  /** Answers a request whose path is relative to the provider's mount point. */
  handle(request: Request, path: string): Promise<Response>;
  /** The same answer from a request head; a getJob 200 comes back as a PlainAnswer, and the
   *  common poll without a promise. */
  answer(head: RequestHead, path: string): Response | PlainAnswer | Promise<Response | PlainAnswer>;
  /** Creates a job (as the admin API and seeding do). */
  /** Creates a job; `pinned` jobs (the seeded ones) are never forgotten to stay within `maxJobs`. */
  createJob(options: { scenario: string; tenant?: string; input?: Record<string, unknown>; parentId?: string; id?: string; jobType?: string; pinned?: boolean }): StoredJob;
  /** The timeline of a job now, without counting a poll. */
  timeline(job: StoredJob): Timeline;
  /** The getJob body of a job now, without counting a poll. */
  render(job: StoredJob): unknown;
  /** Tenants and their ready-to-send headers. */
  tenants(): Array<{ id: string; headers: Record<string, string> }>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

function jsonResponse(wire: WireResponse, requestId: string): Response {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...wire.headers };
  if (wire.status === 204 || wire.status === 304 || wire.body === undefined) return new Response(null, { status: wire.status, headers });
  return new Response(JSON.stringify(wire.body), { status: wire.status, headers: { ...JSON_HEADERS, ...headers } });
}

/**
 * The PlainAnswer that writes exactly what `jsonResponse(wire, requestId)` would: the same
 * headers as `Headers` iterates them (lowercase names, sorted), the same JSON text. Undefined
 * for answers without a body and for headers whose names differ only in case (`Headers` would
 * join those), which take the Fetch way.
 */
function plainWire(wire: WireResponse, requestId: string): PlainAnswer | undefined {
  if (wire.status === 204 || wire.status === 304 || wire.body === undefined) return undefined;
  const merged: Record<string, string> = { ...JSON_HEADERS, 'x-request-id': requestId };
  for (const [name, value] of Object.entries(wire.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== name && merged[lower] !== undefined) return undefined;
    merged[lower] = value;
  }
  const headers: Record<string, string> = {};
  for (const name of Object.keys(merged).sort()) headers[name] = merged[name] as string;
  return { plain: true, status: wire.status, headers, body: JSON.stringify(wire.body) };
}

/** A JSON answer for routes outside every spec (not a provider's error shape: there is none). */
export function outsideRoute(status: 404 | 405 | 413, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : 'payload_too_large', message }), {
    status,
    headers: { ...JSON_HEADERS, ...headers },
  });
}

/** Builds one provider's mock. Everything it keeps lives in the returned object. */
export function createProviderMock(options: ProviderMockOptions): ProviderMock {
  const { adapter, contract, scenarios, clock, journal } = options;
  const store = new JobStore(adapter, options.seed, options.maxJobs);
  const routes: Route[] = buildRoutes(contract);
  const paramChecks: Map<string, ParamCheck> = buildParamChecks(contract, options.cache);
  const credentials = new Map<string, Credential>(adapter.credentials.map((c) => [adapter.credentialKey(c), c]));
  const lifecycle = contract.spec.lifecycle;
  const terminal = new Set(lifecycle.terminal);
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const windows = new Map<string, { start: number; count: number }>();
  let requestCounter = 0;

  const position = (job: StoredJob): Position => ({
    ms: clock.now() - job.record.createdAt,
    tick: Math.max(0, job.polls - 1),
    by: clock.mode === 'poll' ? 'tick' : 'time',
  });

  const renderContext = (job: StoredJob): RenderContext => ({
    job: job.record,
    iso: (offsetMs) => new Date(job.record.createdAt + offsetMs).toISOString(),
  });

  const textOf = (job: StoredJob) => (key: string) => options.text(`${options.seed}:${job.record.id}`, key);
  const timeline = (job: StoredJob): Timeline => timelineAt(job.record.scenario, job.actions, position(job), textOf(job), adapter.cancel);

  const remember = createRenderBudget();

  /** The getJob body text, cached until the timeline's version changes. */
  const renderText = (job: StoredJob, line: Timeline): string => {
    if (job.cache?.version === line.version) return job.cache.text;
    const text = JSON.stringify(adapter.renderJob(line.state, renderContext(job)));
    const cache: PollCache = { version: line.version, text, bytes: undefined, from: undefined, until: undefined, actions: undefined };
    job.cache = cache;
    remember(job, cache);
    return text;
  };

  const handleOf = (job: StoredJob): JobHandle => ({
    record: job.record,
    timeline: () => timeline(job),
    render: () => JSON.parse(renderText(job, timeline(job))),
    isTerminal: () => terminal.has(timeline(job).state.status),
    act: (kind: JobAction['kind'], payload?: JobAction['payload']) => {
      job.actions.push({ kind, ms: clock.now() - job.record.createdAt, tick: Math.max(0, job.polls - 1), ...(payload ? { payload } : {}) });
      job.cache = undefined;
    },
    remove: () => store.remove(job),
  });

  const scenarioNamed = (name: string): Scenario => {
    const scenario = scenarios.get(name);
    if (!scenario) throw new ConfigError(`${adapter.id} has no scenario "${name}". Known: ${[...scenarios.keys()].join(', ')}.`);
    return scenario;
  };

  const createJob: ProviderMock['createJob'] = ({ scenario, tenant = 'acme', input, parentId, id, jobType, pinned }) =>
    store.create({ scenario: scenarioNamed(scenario), tenant, createdAt: clock.now(), ...(input ? { input } : {}), ...(parentId ? { parentId } : {}), ...(id !== undefined ? { id } : {}), ...(jobType !== undefined ? { jobType } : {}), ...(pinned ? { pinned } : {}) });

  function errorOf(kind: ErrorKind, ctx: ErrorContext): WireResponse {
    return adapter.error(kind, ctx);
  }

  function rateLimited(key: string): number | undefined {
    if (!options.rateLimit) return undefined;
    const now = clock.now();
    const window = windows.get(key);
    if (!window || now - window.start >= 1000) {
      windows.set(key, { start: now, count: 1 });
      return undefined;
    }
    window.count++;
    return window.count > options.rateLimit ? Math.max(1, Math.ceil((window.start + 1000 - now) / 1000)) : undefined;
  }

  const pollTarget = createPollTargets(routes, paramChecks, adapter);
  const credentialKey = createCredentialReader(adapter);

  /**
   * The common poll — GET getJob of the caller's job, a known credential with its scope, no
   * Prefer header, no rate limit, no fault, wall or manual clock — answered without a promise
   * or a Fetch object. Anything else returns undefined and `dispatch` answers it; every check
   * here is one `dispatch` makes, in the same order, with no side effect before the answer.
   */
  function poll(head: RequestHead, path: string, requestId: string, note: JournalNote): PlainAnswer | undefined {
    if (head.method !== 'GET' || clock.mode === 'poll' || options.rateLimit || options.schemaOnly) return undefined;
    const target = pollTarget(path);
    if (target === null) return undefined;
    const key = credentialKey(head);
    const credential = key === null ? undefined : credentials.get(key);
    if (!credential || (target.scope !== undefined && !credential.scopes.includes(target.scope))) return undefined;
    if (head.headers.get('prefer') !== null) return undefined;
    const job = store.get(target.id);
    if (!job || job.record.tenant !== credential.tenant) {
      // Unknown, deleted or another tenant's job: the same 404 `dispatch` gives, without a promise.
      const plain = plainWire(errorOf('not-found', { requestId, id: target.id }), requestId);
      if (plain) {
        note.operation = target.operationId;
        note.tenant = credential.tenant;
      }
      return plain;
    }
    // The timeline is a pure function of (scenario, actions, ms) that holds between the steps'
    // and actions' times: while ms stays in [from, until) and no action came, the cached body is it.
    const ms = clock.now() - job.record.createdAt;
    let cache = job.cache as PollCache | undefined;
    if (cache?.until === undefined || ms < (cache.from as number) || ms >= cache.until || cache.actions !== job.actions.length) {
      const line = timelineAt(job.record.scenario, job.actions, { ms, tick: Math.max(0, job.polls - 1), by: 'time' }, textOf(job), adapter.cancel);
      if (line.fault) return undefined;
      const text = renderText(job, line);
      let until = line.nextAt ?? Number.POSITIVE_INFINITY;
      for (const action of job.actions) if (action.ms > ms && action.ms < until) until = action.ms;
      cache = job.cache as PollCache;
      cache.bytes ??= Buffer.byteLength(text);
      cache.from = ms;
      cache.until = until;
      cache.actions = job.actions.length;
    }
    note.operation = target.operationId;
    note.tenant = credential.tenant;
    return { plain: true, status: 200, headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: cache.text, bytes: cache.bytes };
  }

  async function dispatch(head: RequestHead, path: string, url: () => URL, requestId: string, note: (e: { operation?: string; tenant?: string; fault?: string }) => void): Promise<Response | PlainAnswer> {
    const match = matchRoute(routes, head.method, path);
    if (match.kind === 'no-route') return outsideRoute(404, `No ${adapter.id} operation at ${path}. See GET /__admin/providers for the base URLs.`);
    if (match.kind === 'method-not-allowed') return outsideRoute(405, `${head.method} is not allowed on ${path}.`, { allow: match.allow.join(', ') });
    const { route, params } = match;
    const op = route.operation;
    note({ operation: op.operationId });
    const err = (kind: ErrorKind, extra: Partial<ErrorContext> = {}) => errorOf(kind, { requestId, ...(params[route.params[0] ?? ''] !== undefined ? { id: params[route.params[0] as string] } : {}), ...extra });
    const respond = (wire: WireResponse) => jsonResponse(wire, requestId);

    const badParam = route.params.find((name) => params['\u0000malformed'] !== undefined || !(paramChecks.get(`${op.operationId}:${name}`)?.(params[name] ?? '') ?? true));
    if (badParam !== undefined && adapter.malformedIdBeforeAuth) return respond(err('malformed-id', { field: badParam }));

    if (options.schemaOnly && options.fallback) return options.fallback(head.request(), path);

    // Adapters read only `request.headers` (ProviderAdapter.readCredential): the head serves.
    const key = adapter.readCredential(head as unknown as Request);
    const credential = key === null ? undefined : credentials.get(key);
    if (!credential) return respond(err('unauthorized'));
    note({ tenant: credential.tenant });
    const scope = adapter.scopeFor?.(op.role);
    if (scope !== undefined && !credential.scopes.includes(scope)) return respond(err('forbidden'));
    const retryAfter = rateLimited(key as string);
    if (retryAfter !== undefined) {
      const wire = err('rate-limited', { retryAfter });
      return respond({ ...wire, headers: { 'retry-after': String(retryAfter), ...wire.headers } });
    }
    if (badParam !== undefined) return respond(err('malformed-id', { field: badParam }));

    let body: unknown;
    if (head.method !== 'GET' && head.method !== 'HEAD') {
      const request = head.request();
      const read = await readJsonBody(request, bodyLimit);
      if (read.kind === 'too-large') return respond(err('too-large', { message: `Request body is larger than ${bodyLimit} bytes.` }));
      if (read.kind === 'invalid') return respond(err('bad-request', { message: read.message }));
      body = read.kind === 'json' ? read.value : undefined;
      const checked = contract.validateRequest({ operation: op.operationId, contentType: request.headers.get('content-type') ?? 'application/json', body });
      if (!checked.ok) {
        const first = checked.issues[0];
        const field = first?.pointer.split('/').filter(Boolean).join('.') || undefined;
        return respond(err('validation', { message: first?.message ?? 'Invalid request body.', ...(field ? { field } : {}) }));
      }
    }

    const prefer = readPrefer(head.headers.get('prefer'));
    const badPrefer = checkPrefer(prefer);
    if (badPrefer) return respond(err(badPrefer.kind, { message: badPrefer.message, field: badPrefer.field }));
    const idParam = route.params[0];
    const findJob = (): StoredJob | undefined => {
      if (idParam === undefined) return undefined;
      const job = store.get(params[idParam] ?? '');
      return job && job.record.tenant === credential.tenant ? job : undefined;
    };
    const requestFault = prefer.get('fault');
    const fault: Fault | undefined = requestFault && isFaultKind(requestFault) ? { kind: requestFault, ...(prefer.has('retry-after') ? { retryAfter: Number(prefer.get('retry-after')) } : {}) } : undefined;

    // Faults that replace the answer (errors, reset) come before the handler: no side effects.
    if (fault && fault.kind !== 'latency' && fault.kind !== 'truncate' && fault.kind !== 'invalid-json') {
      note({ fault: fault.kind });
      return faultResponse({ fault, answer: () => err('server-error'), error: err, sleep: options.sleep, jitter: 0, toResponse: respond });
    }
    let answer: () => WireResponse | Promise<WireResponse>;
    let scenarioFault: Fault | undefined;
    if (op.role === 'getJob') {
      const job = findJob();
      if (!job) {
        answer = () => err('not-found');
      } else {
        if (clock.mode === 'poll' && !fault) job.polls++;
        const line = timeline(job);
        scenarioFault = line.fault;
        const text = renderText(job, line);
        if (!fault && !scenarioFault) {
          return { plain: true, status: 200, headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: text };
        }
        answer = () => ({ status: 200, body: JSON.parse(text) });
      }
    } else {
      const handler = adapter.handlers[op.role as Exclude<typeof op.role, 'getJob'>];
      if (!handler) {
        if (options.fallback) return options.fallback(head.request(), path);
        return respond(err('server-error', { message: `${op.operationId} is not scripted by job-contracts and no schema-driven fallback is running.` }));
      }
      const ctx: RoleContext = {
        request: head.request(),
        url: url(),
        operation: op,
        params,
        tenant: credential.tenant,
        requestId,
        body,
        job: () => {
          const job = findJob();
          return job ? handleOf(job) : undefined;
        },
        jobs: () => store.all().filter((j) => j.record.tenant === credential.tenant).map(handleOf),
        create: (o = {}) => handleOf(createJob({ scenario: o.scenario ?? prefer.get('scenario') ?? 'happy-path', tenant: credential.tenant, ...(o.input ? { input: o.input } : {}), ...(o.parentId ? { parentId: o.parentId } : {}), ...(o.jobType ? { jobType: o.jobType } : {}) })),
        error: err,
      };
      if (prefer.has('scenario') && !scenarios.has(prefer.get('scenario') as string) && op.role === 'createJob') {
        return respond(err('validation', { message: `Unknown scenario "${prefer.get('scenario')}" in the Prefer header. Known: ${[...scenarios.keys()].join(', ')}.`, field: 'Prefer' }));
      }
      const result = await handler(ctx);
      answer = () => result;
    }
    const active = fault ?? scenarioFault;
    if (!active) return respond(await answer());
    note({ fault: active.kind });
    const settled = await answer();
    return faultResponse({
      fault: active,
      answer: () => settled,
      error: err,
      sleep: options.sleep,
      jitter: (requestCounter % 97) / 97,
      toResponse: respond,
    });
  }

  // Request ids hash `${seed}:${provider}:request:${n}`; the prefix is hashed once.
  const requestIdHash = hash32(`${options.seed}:${adapter.id}:request:`);

  function failure(head: RequestHead, path: string, requestId: string, error: unknown): Response {
    process.emitWarning?.(`job-contracts: ${adapter.id} ${head.method} ${path} failed: ${(error as Error).message}`);
    return jsonResponse(errorOf('server-error', { requestId, message: 'The mock failed to answer this request; see the mock log.' }), requestId);
  }

  const recordEntry = createRecorder(journal, adapter.id, clock);
  /** Adds the journal entry of an answered request and hands the answer on. */
  function record(head: RequestHead, note: JournalNote, response: Response | PlainAnswer): Response | PlainAnswer {
    recordEntry(head, note, response);
    return response;
  }

  function slow(head: RequestHead, path: string, requestId: string, note: JournalNote): Promise<Response | PlainAnswer> {
    let url: URL | undefined;
    return dispatch(head, path, () => (url ??= new URL(head.request().url)), requestId, (e) => {
      if (e.operation) note.operation = e.operation;
      if (e.tenant) note.tenant = e.tenant;
      if (e.fault) note.fault = e.fault;
    });
  }

  function answer(head: RequestHead, path: string): Response | PlainAnswer | Promise<Response | PlainAnswer> {
    requestCounter++;
    const requestId = ulid(clock.now(), prng(hash32(String(requestCounter), requestIdHash)));
    const note: JournalNote = { operation: null, tenant: null, fault: null };
    let result: Response | PlainAnswer | Promise<Response | PlainAnswer>;
    try {
      result = poll(head, path, requestId, note) ?? slow(head, path, requestId, note);
    } catch (error) {
      result = failure(head, path, requestId, error);
    }
    if (result instanceof Promise) return result.then((r) => record(head, note, r), (error: unknown) => record(head, note, failure(head, path, requestId, error)));
    return record(head, note, result);
  }

  return {
    adapter,
    contract,
    store,
    scenarios,
    createJob,
    timeline,
    render: (job) => JSON.parse(renderText(job, timeline(job))),
    tenants: () => {
      // Per tenant, the credential with the most scopes: the one a developer wants to paste.
      const best = new Map<string, Credential>();
      for (const c of adapter.credentials) if ((best.get(c.tenant)?.scopes.length ?? -1) < c.scopes.length) best.set(c.tenant, c);
      return [...best.values()].map((c) => ({ id: c.tenant, headers: c.headers }));
    },
    handle: async (request, path) => toResponse(await answer(headOfRequest(request), path)),
    answer,
  };
}
