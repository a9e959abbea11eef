/**
 * `check --create <n>`: starts jobs through the provider's own create operation (the first
 * `x-job-role: createJob`), reads each new job's id where its `x-job-created` says, and hands
 * the ids to the poller. In CI nobody has job ids in advance.
 */
import { readPointer } from '../contracts/issues.js';
import type { Operation } from '../contracts/spec.js';
import { UsageError } from '../errors/index.js';
import type { RunContext } from './context.js';
import { createFindings } from './findings.js';
import { inspectAttempts } from './inspect.js';
import type { CreatedJob } from './report.js';
import { send } from './transport.js';

/** Jobs one run may create at most: each costs the provider (and often credits). */
export const MAX_CREATE = 20;

/** The create operation of a contract, or a UsageError naming why there is none. */
export function createOperation(ctx: Pick<RunContext, 'contract' | 'provider' | 'queryOf'>, count: number, body: unknown): Operation {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CREATE) throw new UsageError(`--create must be a whole number from 1 to ${MAX_CREATE}, got ${count}.`);
  const op = ctx.contract.operation('createJob');
  if (!op) throw new UsageError(`${ctx.provider} has no create endpoint (no x-job-role: createJob operation); pass the ids of existing jobs with --job.`);
  if (!op.created) throw new UsageError(`${ctx.provider}'s ${op.operationId} does not say where the new job's id is (x-job-created); pass --job ids instead.`);
  if (op.requestBody?.required && body === undefined) throw new UsageError(`${op.operationId} needs a request body: pass --create-body <file> (JSON).`);
  if (body !== undefined) {
    const checked = ctx.contract.validateRequest({ operation: op.operationId, contentType: 'application/json', body });
    if (!checked.ok) throw new UsageError(`--create-body does not match ${op.operationId}'s request body: ${checked.issues[0]?.message}. Fix the file.`);
  }
  ctx.queryOf(op); // a required query parameter with no value stops the run before any request
  return op;
}

/**
 * The new job's id from what the create answer names it by: the id itself (a body member only),
 * or a URL or resource name ending in the getJob path's last segments — `…/operations/{id}?…`
 * in an Operation-Location header, `operations/{id}` as an AIP-151 Operation's `name`.
 */
function idFromReference(ctx: RunContext, raw: string, bareId: boolean): string | undefined {
  const segments = ctx.operation.path.split('/');
  const at = segments.findIndex((segment) => /\{[^}]+\}/.test(segment));
  if (at === -1) return undefined;
  const tail = segments.slice(Math.max(1, at - 1), at + 1).join('/');
  const pattern = new RegExp(`(?:^|/)${tail.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/, '([^/]+)')}$`);
  let path: string;
  try {
    path = new URL(raw, 'http://base.invalid/').pathname;
  } catch {
    return undefined;
  }
  const m = pattern.exec(path);
  if (m) {
    try {
      return decodeURIComponent(m[1] as string);
    } catch {
      return undefined;
    }
  }
  return bareId && !raw.includes('/') ? raw : undefined;
}

/** Sends one create; returns what it came to (the new id, or findings saying why there is none). */
export async function createJob(ctx: RunContext, op: Operation, body: unknown): Promise<CreatedJob> {
  const started = ctx.now();
  const findings = createFindings(ctx.redact);
  const attempts = await send(ctx.transport, `${ctx.baseUrl}${op.path}${ctx.queryOf(op)}`, ctx.headers, { method: op.method, body: JSON.stringify(body ?? {}) }, { endBy: ctx.deadlineAt });
  const result = inspectAttempts(ctx.contract, op.operationId, attempts, ctx.numbers.maxJsonDepth);
  const where = { job: null, probe: null, poll: null, elapsedMs: ctx.now() - started, operation: op.operationId };
  for (const draft of result.drafts) findings.add(where, draft);
  const answer = result.answer;
  let id: string | undefined;
  if (answer && answer.status >= 200 && answer.status < 300 && op.created) {
    if ('idPointer' in op.created) {
      const value = result.body?.kind === 'json' ? readPointer(result.body.value, op.created.idPointer) : undefined;
      id = typeof value === 'number' ? String(value) : typeof value === 'string' ? idFromReference(ctx, value, true) : undefined;
    } else {
      const header = answer.headers.get(op.created.idHeader);
      id = header ? idFromReference(ctx, header, false) : undefined;
    }
    if (id === undefined || id === '') {
      const where2 = 'idPointer' in op.created ? op.created.idPointer : `header ${op.created.idHeader}`;
      findings.add(where, { code: 'schema', status: answer.status, pointer: 'idPointer' in op.created ? op.created.idPointer : '', rule: 'x-job-created', expected: `the new job's id at ${where2}`, actual: 'missing', message: `${op.operationId} answered ${answer.status} without the new job's id at ${where2}`, excerpt: answer.text });
      id = undefined;
    }
  }
  // A documented refusal (402 no credits, 422 a bad body, 401…) is the run's setup, not the provider's fault.
  const refused = answer && (answer.status < 200 || answer.status >= 300) && findings.list().length === 0;
  const error = refused ? `${op.operationId} answered ${answer.status}: no job was created. Check --create-body and the credentials.` : null;
  return { operation: op.operationId, id: id ?? null, status: answer?.status ?? null, error, findings: findings.list() };
}
