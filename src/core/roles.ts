/**
 * What each `x-job-role` does, the same for every provider: its answers and the parts of the
 * job document it reads come from the operation's `x-job-mock`.
 * @see ../../docs/provider-format.md#x-job-mock-on-an-operation-roles-other-than-getjob
 */
import type { Operation } from '../contracts/spec.js';
import type { JobRole } from '../providers/ids.js';
import type { Wire } from './answers.js';
import type { AnswerTemplate, ErrorKind, OperationMock } from './definition.js';
import type { FunctionTable } from './functions.js';
import type { Job } from './jobs.js';
import { getAt, isObject, type JsonObject } from './pointer.js';

/** A job as a role sees it. */
export interface RoleJob {
  job: Job;
  /** The job document now (does not count as a poll). */
  doc(): JsonObject;
  /** The getJob 200 body now. */
  body(): unknown;
  /** The job object now, as it sits in the getJob body (what lists carry). */
  item(): unknown;
  isTerminal(): boolean;
  isWaiting(): boolean;
  /** The job's value now at one of the list's pointers (`listPointers`), as a string. */
  value(pointer: string): string;
}

/** What a role gets for one request (auth, tenancy, body and query checks already done). */
export interface RoleContext {
  operation: Operation;
  mock: OperationMock;
  url: URL;
  body: unknown;
  /** The job the path names, when it exists and is this tenant's. */
  job: RoleJob | undefined;
  /** The path's id, as given. */
  pathId: string | undefined;
  /** The caller's tenant (page tokens are only good for it). */
  tenant: string;
  /** The lifecycle's status pointer and every state it declares, in declaration order. */
  status: { pointer: string; states: readonly string[] };
  /** This tenant's live jobs, newest first, until `visit` returns false. */
  eachJob(visit: (job: RoleJob) => boolean): void;
  /** How many live jobs this tenant has. */
  countJobs(): number;
  /** This tenant's live jobs by their value now at one of the list's pointers (`listPointers`). */
  countBy(pointer: string): ReadonlyMap<string, number>;
  create(options: { input: Record<string, unknown>; parentId?: string; job?: Record<string, unknown> }): RoleJob;
  act(job: Job, kind: 'cancel' | 'respond' | 'retry', payload?: unknown): void;
  remove(job: Job): void;
  error(kind: ErrorKind, extra?: { message?: string; field?: string }): Wire;
  /** Renders an answer template with the request's functions plus `extra`. */
  answer(template: AnswerTemplate, extra: FunctionTable, job?: RoleJob): Wire;
}

type Role = (ctx: RoleContext) => Wire;

function createdFunctions(made: RoleJob): FunctionTable {
  return {
    'created.id': () => made.job.identity.id,
    'created.index': () => made.job.identity.index,
    'created.serial': () => made.job.identity.index + 1,
    'created.state': (args) => getAt(made.doc(), args[0] ?? ''),
    'created.body': () => made.body(),
  };
}

function refuse(ctx: RoleContext, rule: OperationMock['whenTerminal'], fallback: ErrorKind, job: RoleJob): Wire {
  if (rule === undefined || typeof rule === 'string') return ctx.error(rule ?? fallback, { message: `job ${job.job.identity.id} cannot do this now.` });
  return ctx.answer(rule, {}, job);
}

const createJob: Role = (ctx) => {
  const body = isObject(ctx.body) ? ctx.body : {};
  const input = ctx.mock.input === undefined ? body : (ctx.answer({ status: 200, body: ctx.mock.input }, {}).body as Record<string, unknown>);
  const made = ctx.create({ input: isObject(input) ? input : {}, ...(ctx.mock.job ? { job: ctx.mock.job } : {}) });
  return ctx.answer(ctx.mock.answer ?? { status: 201, body: '{{created.body}}' }, createdFunctions(made));
};

/** An opaque page token: the offset, bound to the tenant it was given to. */
function makeToken(offset: number, tenant: string): string {
  return btoa(`${tenant}:${offset}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function readToken(token: string, tenant: string): number | undefined {
  try {
    const [owner, offset] = atob(token.replace(/-/g, '+').replace(/_/g, '/')).split(':');
    return owner === tenant && offset !== undefined && /^\d{1,9}$/.test(offset) ? Number(offset) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a paging parameter (already checked against its schema when it has one). */
function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  const value = raw === null ? Number.NaN : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The document pointers a list operation filters or counts by: the mock keeps its jobs'
 *  values there counted as they change, so a list never reads every job. */
export function listPointers(mock: OperationMock): string[] {
  const counted = [...JSON.stringify(mock.answer?.body ?? '').matchAll(/countBy (\/[^}\s]*)/g)].map((m) => m[1] as string);
  return [...new Set([...Object.values(mock.filters ?? {}), ...counted])];
}

const listJobs: Role = (ctx) => {
  const { mock, url } = ctx;
  const filters = Object.entries(mock.filters ?? {})
    .map(([param, pointer]) => [url.searchParams.get(param), pointer] as const)
    .filter((f): f is readonly [string, string] => f[0] !== null);
  const page = mock.page ?? { style: 'offset' as const, limit: 'limit', offset: 'offset' };
  const size = Math.min(intParam(url, page.style === 'offset' ? page.limit : page.size, page.default ?? 20) || (page.default ?? 20), page.max ?? 1000);
  let start = 0;
  if (page.style === 'offset') start = intParam(url, page.offset, 0);
  else {
    const token = url.searchParams.get(page.token);
    if (token !== null) {
      const offset = readToken(token, ctx.tenant);
      if (offset === undefined) return ctx.error('validation', { field: page.token, message: `${page.token} is not a token this API gave you.` });
      start = offset;
    }
  }
  const items: unknown[] = [];
  let total = 0;
  // The total from the kept counts when they tell it (no filter, or one); else the walk counts.
  const [only] = filters;
  const known = filters.length === 0 ? ctx.countJobs() : filters.length === 1 && only ? (ctx.countBy(only[1]).get(only[0]) ?? 0) : undefined;
  ctx.eachJob((job) => {
    if (filters.some(([value, pointer]) => job.value(pointer) !== value)) return true;
    if (total >= start && items.length < size) items.push(job.item());
    total++;
    return known === undefined || items.length < size;
  });
  if (known !== undefined) total = known;
  // No next token on the last page: the member is left out of the answer.
  const next = start + items.length < total ? (page.style === 'token' ? makeToken(start + items.length, ctx.tenant) : String(start + items.length)) : undefined;
  const functions: FunctionTable = {
    items: () => items,
    total: () => total,
    limit: () => size,
    offset: () => start,
    nextToken: () => next,
    countBy: (args) => {
      const pointer = args[0] ?? '';
      const zero = pointer === ctx.status.pointer ? ctx.status.states.map((s) => [s, 0] as const) : [];
      return Object.fromEntries([...zero, ...ctx.countBy(pointer)]);
    },
  };
  return ctx.answer(mock.answer ?? { status: 200, body: '{{items}}' }, functions);
};

const listJobEvents: Role = (ctx) => {
  const { job, mock } = ctx;
  if (!job) return ctx.error('not-found');
  const stream = getAt(job.doc(), mock.stream ?? '/$events');
  const list = Array.isArray(stream) ? stream : [];
  const cursor = mock.cursor;
  const since = cursor ? intParam(ctx.url, cursor.param, 0) : 0;
  const items = cursor ? list.filter((item) => Number(getAt(item, cursor.field)) > since) : list;
  return ctx.answer(mock.answer ?? { status: 200, body: '{{items}}' }, { items: () => items }, job);
};

const cancelJob: Role = (ctx) => {
  const { job } = ctx;
  if (!job) return ctx.error('not-found');
  if (job.isTerminal()) return refuse(ctx, ctx.mock.whenTerminal, 'conflict', job);
  ctx.act(job.job, 'cancel');
  return ctx.answer(ctx.mock.answer ?? { status: 200, body: '{{job.body}}' }, {}, job);
};

const respondToJob: Role = (ctx) => {
  const { job } = ctx;
  if (!job) return ctx.error('not-found');
  if (!job.isWaiting()) return refuse(ctx, ctx.mock.whenNotWaiting, 'conflict', job);
  ctx.act(job.job, 'respond', ctx.body);
  return ctx.answer(ctx.mock.answer ?? { status: 200, body: '{{job.body}}' }, {}, job);
};

const retryJob: Role = (ctx) => {
  const { job } = ctx;
  if (!job) return ctx.error('not-found');
  const extra = ctx.mock.input === undefined ? {} : (ctx.answer({ status: 200, body: ctx.mock.input }, {}, job).body as Record<string, unknown>);
  const input = { ...job.job.identity.input, ...(isObject(extra) ? extra : {}) };
  const made = ctx.create({ input, parentId: job.job.identity.id, ...(ctx.mock.job ? { job: ctx.mock.job } : {}) });
  ctx.act(job.job, 'retry', { id: made.job.identity.id, body: ctx.body });
  return ctx.answer(ctx.mock.answer ?? { status: 201, body: '{{created.body}}' }, createdFunctions(made), job);
};

const deleteJob: Role = (ctx) => {
  const { job } = ctx;
  if (!job) return ctx.error('not-found');
  ctx.remove(job.job);
  return ctx.mock.answer ? ctx.answer(ctx.mock.answer, {}, job) : { status: 204 };
};

/** Every role but getJob (which the pipeline renders itself). */
export const roles: Record<Exclude<JobRole, 'getJob'>, Role> = { createJob, listJobs, listJobEvents, cancelJob, respondToJob, retryJob, deleteJob };
