/**
 * One provider's mock: every request goes through one pipeline — route, path id, auth, scope,
 * rate limit, query, Prefer, body, then the role, faults and the journal. A getJob answer is
 * remembered per job and timeline stretch: a later poll in the same stretch reuses the text
 * (a memo of this path's result, never a second copy of its checks).
 * @see ../../docs/provider-format.md
 */
import type { Contract } from '../contracts/contracts.js';
import type { Clock } from './clock.js';
import { type Fault, isFaultKind } from './fault.js';
import { createRequestIds, hash32 } from './random.js';
import { ConfigError } from '../errors/index.js';
import { readJsonBody } from './body.js';
import { faultResponse } from './faults.js';
import { headOfRequest, type PlainAnswer, type RequestHead, toResponse } from './head.js';
import type { Journal } from './journal.js';
import { checkPrefer, readPrefer } from './prefer.js';
import { createRateLimiter } from './rate-limit.js';
import { createRecorder, type JournalNote } from './recorder.js';
import { serverBasePath } from './router.js';
import { createRequestChecks } from './request-checks.js';
import { type ErrorContext, outsideRoute, plainText, renderAnswer, responseOf, type Wire } from './answers.js';
import type { Credential } from './auth.js';
import type { Definition } from './load-definition.js';
import type { ErrorKind, OperationMock } from './definition.js';
import { type FunctionTable, jobFunctions } from './functions.js';
import { type Job, JobStore } from './jobs.js';
import { createJobFactory } from './job-factory.js';
import { getAt, isObject, type JsonObject } from './pointer.js';
import type { SchemaCompiler } from './ports.js';
import { createRenderMemo } from './render.js';
import { type RoleContext, type RoleJob, roles } from './roles.js';
import type { Scenario } from './scenario.js';
import { tallyLists } from './tally.js';
import { type Position, type Timeline, timelineAt } from './timeline.js';

/** How one provider's mock is put together; `compile` is the loading layer's schema compiler (ports.ts). */
export interface ProviderMockOptions {
  definition: Definition;
  scenarios: Map<string, Scenario>;
  clock: Clock;
  seed: string;
  journal: Journal;
  sleep: (ms: number) => Promise<void>;
  /** Largest request body accepted, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Requests per second allowed per credential; more get the provider's 429. */
  rateLimit?: number;
  /** Answers requests schema-driven (Prism), for `--mode schema`. */
  fallback?: (request: Request, path: string) => Promise<Response>;
  schemaOnly?: boolean;
  compile: SchemaCompiler;
  maxJobs?: number;
  /** The jobs to serve (a reload keeps the running ones); a new store by default. */
  store?: JobStore;
  /** The origin the mock is reached at, for `{{baseUrl}}` (default: the request's). */
  mountPath?: string;
}

/** One provider's mock: `(Request) => Response` plus its jobs. */
export interface ProviderMock {
  readonly id: string;
  readonly contract: Contract;
  readonly store: JobStore;
  readonly scenarios: Map<string, Scenario>;
  readonly credentials: readonly Credential[];
  /** Answers a request whose path is relative to the provider's mount point. */
  handle(request: Request, path: string): Promise<Response>;
  /** The same from a request head (node:http's GETs); often without a promise. */
  answer(head: RequestHead, path: string): Response | PlainAnswer | Promise<Response | PlainAnswer>;
  createJob(options: { scenario: string; tenant?: string; input?: Record<string, unknown>; pinned?: boolean; id?: string }): Job;
  timeline(job: Job): Timeline;
  /** The getJob body of a job now, without counting a poll. */
  render(job: Job): unknown;
  isTerminal(job: Job): boolean;
  /** Per tenant, the credential with the most scopes: the one a developer wants to paste. */
  tenants(): Array<{ id: string; headers: Record<string, string> }>;
  /** An id in the provider's format that no job has. */
  unusedId(): string;
}

/** Builds one provider's mock. Everything it keeps lives in the returned object. */
export function createProviderMock(options: ProviderMockOptions): ProviderMock {
  const { definition, scenarios, clock, journal } = options;
  const { contract, extension, credentials, errors, hooks } = definition;
  const id = contract.spec.provider;
  const lifecycle = contract.spec.lifecycle;
  const terminal = new Set(lifecycle.terminal);
  const statesInOrder = [...new Set([...lifecycle.initial, ...Object.keys(lifecycle.transitions), ...Object.values(lifecycle.transitions).flat(), ...lifecycle.terminal])];
  const store = options.store ?? new JobStore(options.maxJobs);
  const checks = createRequestChecks(contract, options.compile);
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const rateLimited = options.rateLimit ? createRateLimiter(options.rateLimit) : undefined;
  const factory = createJobFactory({ definition, seed: options.seed });
  let requestCounter = 0;

  const position = (job: Job): Position => ({ ms: clock.now() - job.identity.createdAt, tick: Math.max(0, job.polls - 1), by: clock.mode === 'poll' ? 'tick' : 'time' });
  const timelineOf = (job: Job, at = position(job)): Timeline => timelineAt({ scenario: job.scenario, actions: job.actions, job: job.identity, behaviour: definition.behaviour, initial: factory.initialOf(job) }, at);

  // Lists' counts and filters, kept as jobs change: every timeline an answer computes (each poll's) updates them.
  const tally = tallyLists(contract.spec.operations, store, { timeline: (job) => timelineOf(job), byTime: clock.mode !== 'poll', now: () => clock.now() });
  const memoOf = createRenderMemo({ clock, timeline: (job) => tally.saw(job, timelineOf(job)), wrap: definition.wrap });
  const isTerminal = (job: Job): boolean => terminal.has(String(getAt(memoOf(job).doc, lifecycle.status)));

  const roleJob = (job: Job): RoleJob => ({
    job,
    doc: () => memoOf(job).doc,
    body: () => JSON.parse(memoOf(job).text),
    item: () => getAt(JSON.parse(memoOf(job).text), lifecycle.envelope),
    isTerminal: () => isTerminal(job),
    isWaiting: () => timelineOf(job).waiting,
    value: (pointer) => tally.valueOf(job, pointer),
  });

  const scenarioNamed = (name: string): Scenario => {
    const scenario = scenarios.get(name);
    if (!scenario) throw new ConfigError(`${id} has no scenario "${name}". Known: ${[...scenarios.keys()].join(', ')}.`);
    return scenario;
  };

  const createJob: ProviderMock['createJob'] = (o) => store.add(factory(store, { scenario: scenarioNamed(o.scenario), tenant: o.tenant ?? 'acme', createdAt: clock.now(), ...(o.input ? { input: o.input } : {}), ...(o.id !== undefined ? { id: o.id } : {}) }), o.pinned);

  const nextRequestId = createRequestIds(hash32(`${options.seed}:${id}:request:`));
  const recordEntry = createRecorder(journal, id, clock);

  // The pipeline's answers other than a remembered 200: functions here, not closures per request.
  /** The provider's error answer of `kind` for this request (the path id filled in), as data; `refuse` answers it. */
  function errorWire(requestId: string, pathId: string | undefined, kind: ErrorKind, extra: Partial<ErrorContext> = {}): Wire {
    return errors(kind, { requestId, ...(pathId !== undefined ? { id: pathId } : {}), ...extra });
  }

  function refuse(requestId: string, pathId: string | undefined, kind: ErrorKind, extra: Partial<ErrorContext> = {}): Response | PlainAnswer {
    return responseOf(errorWire(requestId, pathId, kind, extra), requestId);
  }

  /** `wire()`'s answer, or what an active fault makes of it. */
  function faulted(requestId: string, note: JournalNote, active: Fault | undefined, wire: () => Wire): Response | PlainAnswer | Promise<Response> {
    if (!active) return responseOf(wire(), requestId);
    note.fault = active.kind;
    return faultResponse({ fault: active, answer: wire, error: (kind, extra) => errorWire(requestId, undefined, kind as ErrorKind, extra), sleep: options.sleep, jitter: (requestCounter % 97) / 97, toResponse: (w: Wire) => toResponse(responseOf(w, requestId)) });
  }

  /** The job at the path id, if it is the tenant's. */
  function ownJob(pathId: string | undefined, tenant: string): Job | undefined {
    const job = pathId === undefined ? undefined : store.get(pathId);
    return job && job.identity.tenant === tenant ? job : undefined;
  }

  function pipeline(head: RequestHead, path: string, now: number, requestId: string, note: JournalNote): Response | PlainAnswer | Promise<Response | PlainAnswer> {
    const match = checks.route(head.method, path);
    if (match.kind === 'no-route') return outsideRoute(404, `No ${id} operation at ${path}. See GET /__admin/providers for the base URLs.`);
    if (match.kind === 'method-not-allowed') return outsideRoute(405, `${head.method} is not allowed on ${path}.`, { allow: match.allow.join(', ') });
    const { route, params, badParam } = match;
    const op = route.operation;
    note.operation = op.operationId;
    const pathId = route.params[0] === undefined ? undefined : params[route.params[0]];

    if (badParam !== undefined && extension.checkIdBeforeAuth) return refuse(requestId, pathId, 'malformed-id', { field: badParam });
    if (options.schemaOnly && options.fallback) return options.fallback(head.request(), path);

    let url: URL | undefined;
    const urlOf = () => (url ??= new URL(head.request().url));
    // The query without a Fetch Request where the door knows it (node:http's GETs).
    let search: URLSearchParams | undefined;
    const searchOf = () => (search ??= head.search !== undefined ? new URLSearchParams(head.search) : urlOf().searchParams);
    const credential = credentials.read(head.headers, searchOf);
    if (!credential) return refuse(requestId, pathId, 'unauthorized');
    note.tenant = credential.tenant;
    const scope = extension.scopes?.[op.role];
    if (scope !== undefined && !credential.scopes.includes(scope)) return refuse(requestId, pathId, 'forbidden');
    const retryAfter = rateLimited?.(`${credential.scheme}:${credential.label}`, now);
    if (retryAfter !== undefined) return refuse(requestId, pathId, 'rate-limited', { retryAfter });
    if (badParam !== undefined) return refuse(requestId, pathId, 'malformed-id', { field: badParam });
    const problem = checks.query(op.operationId, head.search ?? urlOf().search, searchOf);
    if (problem) return refuse(requestId, pathId, 'validation', problem);

    const prefer = readPrefer(head.headers.get('prefer'));
    // A preference the mock cannot honour (an unknown fault, a Retry-After that is not whole
    // seconds) is the provider's validation error, never a normal answer.
    const badPrefer = checkPrefer(prefer);
    if (badPrefer) return refuse(requestId, pathId, badPrefer.kind, { message: badPrefer.message, field: badPrefer.field });
    const scenarioName = prefer.get('scenario');
    if (scenarioName !== undefined && !scenarios.has(scenarioName) && (op.role === 'createJob' || op.role === 'retryJob')) {
      return refuse(requestId, pathId, 'validation', { field: 'Prefer', message: `Unknown scenario "${scenarioName}" in the Prefer header. Known: ${[...scenarios.keys()].join(', ')}.` });
    }
    const faultName = prefer.get('fault');
    const fault: Fault | undefined = faultName && isFaultKind(faultName) ? { kind: faultName, ...(prefer.has('retry-after') ? { retryAfter: Number(prefer.get('retry-after')) } : {}) } : undefined;
    // Faults that replace the answer come before the role: no side effects.
    if (fault && fault.kind !== 'latency' && fault.kind !== 'truncate' && fault.kind !== 'invalid-json') return faulted(requestId, note, fault, () => errorWire(requestId, undefined, 'server-error'));

    if (op.role === 'getJob') {
      const job = ownJob(pathId, credential.tenant);
      if (!job) return faulted(requestId, note, fault, () => errorWire(requestId, pathId, 'not-found'));
      if (clock.mode === 'poll' && !fault) job.polls++;
      const memo = memoOf(job, now);
      const active = fault ?? memo.fault;
      if (!active) return plainText(200, memo.headers, requestId, memo.text, memo.bytes, true);
      return faulted(requestId, note, active, () => ({ status: 200, body: JSON.parse(memo.text), ...(memo.headers ? { headers: memo.headers } : {}) }));
    }

    const run = (body: unknown): Response | PlainAnswer | Promise<Response> => {
      const mock = (isObject(op.mock) ? op.mock : {}) as OperationMock;
      const requestFns: FunctionTable = {
        requestId: () => requestId,
        baseUrl: () => `${urlOf().origin}${options.mountPath ?? ''}${serverBasePath(contract.spec.serverUrl)}`,
        query: (args) => searchOf().get(args[0] ?? ''),
        param: (args) => params[args[0] ?? ''] ?? null,
        body: (args) => getAt(body, args[0] ?? ''),
      };
      const ctx: RoleContext = {
        operation: op,
        mock,
        url: urlOf(),
        body,
        job: (() => {
          const job = ownJob(pathId, credential.tenant);
          return job ? roleJob(job) : undefined;
        })(),
        pathId,
        status: { pointer: lifecycle.status, states: statesInOrder },
        tenant: credential.tenant,
        eachJob: (visit) => store.eachNewest((job) => job.identity.tenant !== credential.tenant || visit(roleJob(job))),
        countJobs: () => store.countOf(credential.tenant),
        countBy: (pointer) => tally.countsOf(credential.tenant, pointer),
        create: (o) =>
          roleJob(
            store.add(
              factory(store, {
                scenario: scenarioNamed(scenarioName ?? 'happy-path'),
                tenant: credential.tenant,
                createdAt: clock.now(),
                input: o.input,
                ...(o.parentId !== undefined ? { parentId: o.parentId } : {}),
                ...(o.job ? { job: o.job } : {}),
              }),
            ),
          ),
        act: (job, kind, payload) => {
          job.actions.push({ kind, ms: clock.now() - job.identity.createdAt, tick: Math.max(0, job.polls - 1), ...(payload !== undefined ? { payload } : {}) });
          store.changed(job);
        },
        remove: (job) => store.remove(job),
        error: (kind, extra) => errorWire(requestId, pathId, kind, extra),
        answer: (template, extra, job) => {
          const jobFns: FunctionTable = job ? { ...jobFunctions(job.job.identity, clock.now() - job.job.identity.createdAt, () => job.doc()), 'job.body': () => job.body() } : {};
          return renderAnswer(template, [extra, hooks, requestFns, jobFns]);
        },
      };
      const role = roles[op.role as Exclude<typeof op.role, 'getJob'>];
      return faulted(requestId, note, fault, () => role(ctx));
    };
    if (head.method === 'GET' || head.method === 'HEAD' || head.method === 'DELETE' && op.requestBody === undefined) return run(undefined);
    return (async () => {
      const request = head.request();
      const read = await readJsonBody(request, bodyLimit);
      if (read.kind === 'too-large') return refuse(requestId, pathId, 'too-large', { message: `Request body is larger than ${bodyLimit} bytes.` });
      if (read.kind === 'invalid') return refuse(requestId, pathId, 'bad-request', { message: read.message });
      const body = read.kind === 'json' ? read.value : undefined;
      if (op.requestBody !== undefined || body !== undefined) {
        const checked = contract.validateRequest({ operation: op.operationId, contentType: request.headers.get('content-type') ?? 'application/json', body });
        if (!checked.ok) {
          const first = checked.issues[0];
          const field = first?.pointer.split('/').filter(Boolean).join('.') || undefined;
          return refuse(requestId, pathId, 'validation', { message: first?.message ?? 'Invalid request body.', ...(field ? { field } : {}) });
        }
      }
      return toResponse(await run(body));
    })();
  }

  function failure(head: RequestHead, path: string, requestId: string, error: unknown): Response | PlainAnswer {
    console.error(`job-contracts: ${id} ${head.method} ${path} failed:`, error);
    return responseOf(errors('server-error', { requestId, message: 'The mock failed to answer this request; see the mock log.' }), requestId);
  }

  function answer(head: RequestHead, path: string): Response | PlainAnswer | Promise<Response | PlainAnswer> {
    requestCounter++;
    // One instant per request: its id, its answer's time and its journal entry read the same.
    const now = clock.now();
    const requestId = nextRequestId(now);
    const note: JournalNote = { operation: null, tenant: null, fault: null };
    let result: Response | PlainAnswer | Promise<Response | PlainAnswer>;
    try {
      result = pipeline(head, path, now, requestId, note);
    } catch (error) {
      result = failure(head, path, requestId, error);
    }
    if (!(result instanceof Promise)) {
      recordEntry(head, note, result, now);
      return result;
    }
    // An answer that waited (a body read, a latency fault) is journalled when it is made.
    const record = (response: Response | PlainAnswer) => {
      recordEntry(head, note, response);
      return response;
    };
    return result.then(record, (error: unknown) => record(failure(head, path, requestId, error)));
  }

  return {
    id,
    contract,
    store,
    scenarios,
    credentials: credentials.list,
    handle: async (request, path) => toResponse(await answer(headOfRequest(request), path)),
    answer,
    createJob,
    timeline: (job) => timelineOf(job),
    render: (job) => JSON.parse(memoOf(job).text),
    isTerminal,
    tenants: () => {
      const best = new Map<string, Credential>();
      for (const c of credentials.list) if ((best.get(c.tenant)?.scopes.length ?? -1) < c.scopes.length) best.set(c.tenant, c);
      return [...best.values()].map((c) => ({ id: c.tenant, headers: c.headers }));
    },
    unusedId: () => factory.unusedId(store),
  };
}
