/**
 * Probes beside polling, each skippable: no credentials → the documented 401; a well-formed
 * unknown id → the documented 404; a malformed id → the documented 400/404/422; with another
 * tenant's credentials, each job answered exactly like an unknown id.
 */
import { createSchemaCompiler } from '../contracts/compile.js';
import { buildParamChecks } from '../core/router.js';
import { compareAnswers, type PerRequest, perRequestOf } from './compare.js';
import { type RunContext, jobUrl } from './context.js';
import { createFindings, type FindingDraft } from './findings.js';
import type { HeaderList } from './headers.js';
import { type IdCheck, malformedId, unknownIdLike } from './ids.js';
import { inspectAttempts } from './inspect.js';
import type { FindingCode, ProbeName, ProbeReport } from './report.js';
import { type Answer, get } from './transport.js';

interface ProbeSpec {
  name: ProbeName;
  code: FindingCode;
  job: string | null;
  id: string;
  headers: HeaderList;
  description: string;
  /** Statuses that pass; the expectation in words. */
  accept: number[];
  expected: string;
}

function idCheck(ctx: RunContext): IdCheck {
  const name = /\{([^}]+)\}/.exec(ctx.operation.path)?.[1] ?? '';
  return buildParamChecks(ctx.contract, createSchemaCompiler()).get(`${ctx.operation.operationId}:${name}`) ?? (() => true);
}

async function request(ctx: RunContext, spec: Pick<ProbeSpec, 'name' | 'job' | 'id' | 'headers'>, started: number) {
  // A probe is bounded like a job: its retries start within the timeout, all of it ends by the run's deadline.
  const limits = { startBy: Math.min(ctx.now() + ctx.numbers.timeoutMs, ctx.deadlineAt), endBy: ctx.deadlineAt };
  const attempts = await get(ctx.transport, jobUrl(ctx, spec.id), spec.headers, limits);
  const operation = ctx.operation.operationId;
  const result = inspectAttempts(ctx.contract, operation, attempts, ctx.numbers.maxJsonDepth);
  const findings = createFindings(ctx.redact);
  const where = { job: spec.job, probe: spec.name, poll: null, elapsedMs: ctx.now() - started, operation };
  for (const draft of result.drafts) findings.add(where, draft);
  // An answer that did not arrive whole and as documented JSON proves nothing about the probe.
  const broken = result.drafts.some((d) => d.code === 'transport' && (d.severity ?? 'violation') === 'violation');
  const documented = !result.drafts.some((d) => (d.severity ?? 'violation') === 'violation');
  return { answer: broken ? undefined : result.answer, documented, status: result.answer?.status ?? null, findings, where };
}

async function statusProbe(ctx: RunContext, spec: ProbeSpec, started: number): Promise<ProbeReport> {
  const { answer, documented, status, findings, where } = await request(ctx, spec, started);
  // Not the documented answer, whatever else is wrong with it (a broken 404 body is a failed probe, not only a schema finding).
  if (answer && (!spec.accept.includes(answer.status) || !documented)) {
    const why = spec.accept.includes(answer.status) ? `${answer.status}, but not the documented ${answer.status} answer (see the findings beside this one)` : String(answer.status);
    const draft: FindingDraft = {
      code: spec.code,
      status: answer.status,
      pointer: '',
      rule: spec.name,
      expected: spec.expected,
      actual: String(answer.status),
      message: `${spec.description} answered ${why}; expected ${spec.expected}`,
      excerpt: answer.text,
    };
    findings.add(where, draft);
  }
  const list = findings.list();
  return { name: spec.name, job: spec.job, request: spec.description, status, ok: !list.some((f) => f.severity === 'violation'), findings: list };
}

/** One probe to run: a task for the run's pool. */
export type ProbeTask = () => Promise<ProbeReport>;

/** The probes not skipped, as tasks; `jobs` are the jobs of this run (the first is used as the sample). */
export function probeTasks(ctx: RunContext, jobs: readonly string[], skip: ReadonlySet<ProbeName>): ProbeTask[] {
  const sample = jobs[0];
  if (sample === undefined) return [];
  const started = ctx.now();
  const check = idCheck(ctx);
  const unknownId = unknownIdLike(sample, check);
  const documented = new Set(ctx.operation.responses.map((r) => Number(r.status)).filter(Number.isInteger));
  const path = (id: string) => new URL(jobUrl(ctx, id)).pathname;
  const tasks: ProbeTask[] = [];

  if (!skip.has('auth')) {
    tasks.push(() => statusProbe(ctx, { name: 'auth', code: 'auth-probe', job: sample, id: sample, headers: [], description: `GET ${path(sample)} without credentials`, accept: [401], expected: 'the documented 401' }, started));
  }
  if (!skip.has('unknown-id')) {
    tasks.push(() => statusProbe(ctx, { name: 'unknown-id', code: 'not-found-probe', job: null, id: unknownId, headers: ctx.headers, description: `GET ${path(unknownId)} (a well-formed id of no job)`, accept: [404], expected: 'the documented 404' }, started));
  }
  if (!skip.has('malformed-id')) {
    const bad = malformedId(check);
    const accept = [400, 404, 422].filter((s) => documented.has(s));
    if (bad !== undefined) {
      tasks.push(() => statusProbe(ctx, { name: 'malformed-id', code: 'not-found-probe', job: null, id: bad, headers: ctx.headers, description: `GET ${path(bad)} (a malformed id)`, accept, expected: `a documented ${accept.join('/') || '400/404'}` }, started));
    }
  }
  if (!skip.has('tenant') && ctx.otherHeaders.length > 0) {
    // Asked once for all tenant probes, twice: what differs between the two is per-request.
    let reference: Promise<Reference> | undefined;
    const referenceOnce = () => (reference ??= tenantReference(ctx, unknownId, started));
    for (const job of jobs) tasks.push(async () => tenantProbe(ctx, job, unknownId, await referenceOnce(), started));
  }
  return tasks;
}

/** The other tenant's answer for an unknown id: what a job of another tenant must look like. */
type Reference = { ok: true; answer: Answer; perRequest: PerRequest } | { ok: false; why: string };

async function tenantReference(ctx: RunContext, unknownId: string, started: number): Promise<Reference> {
  const spec = { name: 'tenant' as const, job: null, id: unknownId, headers: ctx.otherHeaders };
  const first = await request(ctx, spec, started);
  const usable = (r: typeof first) => r.answer !== undefined && r.documented && r.answer.status === 404;
  if (!first.answer || !usable(first)) {
    const got = first.findings.list()[0]?.message ?? (first.answer ? `${first.answer.status}` : 'no answer');
    return { ok: false, why: first.answer ? `answered ${first.answer.status}, not the documented 404 (${got})` : `no whole answer (${got})` };
  }
  const second = await request(ctx, spec, started);
  if (!second.answer || !usable(second)) return { ok: false, why: `a second request answered ${second.answer?.status ?? 'nothing usable'}` };
  return { ok: true, answer: first.answer, perRequest: perRequestOf(first.answer, second.answer, unknownId) };
}

async function tenantProbe(ctx: RunContext, job: string, unknownId: string, reference: Reference, started: number): Promise<ProbeReport> {
  const description = `GET ${new URL(jobUrl(ctx, job)).pathname} with the other tenant's credentials`;
  const { answer, status, findings, where } = await request(ctx, { name: 'tenant', job, id: job, headers: ctx.otherHeaders }, started);
  const leak = (pointer: string, expected: string, actual: string, message: string) =>
    findings.add(where, { code: 'tenant-leak', status: answer?.status ?? null, pointer, rule: 'tenant', expected, actual, message, excerpt: answer?.text ?? '' });
  if (status !== null && status >= 200 && status < 300) {
    // Served to another tenant: a leak whatever an unknown id gets.
    leak('status', 'no job for another tenant (as for an unknown id)', String(status), `another tenant's credentials got job ${job} served (${status})`);
  } else if (!reference.ok) {
    findings.add(where, {
      code: 'not-found-probe',
      status: null,
      pointer: '',
      rule: 'tenant-reference',
      expected: "the documented 404 for an unknown id with the other tenant's credentials",
      actual: 'unusable',
      message: `cannot compare: the reference request (GET ${new URL(jobUrl(ctx, unknownId)).pathname} with the other tenant's credentials) ${reference.why}`,
    });
  } else if (answer) {
    const diff = compareAnswers(answer, job, reference.answer, unknownId, reference.perRequest);
    if (diff) leak(diff.pointer, `as for an unknown id: ${diff.expected}`, diff.actual, `another tenant's job is answered differently from an unknown id at ${diff.pointer} (${diff.actual} vs ${diff.expected})`);
  }
  const list = findings.list();
  return { name: 'tenant', job, request: description, status, ok: !list.some((f) => f.severity === 'violation'), findings: list };
}
