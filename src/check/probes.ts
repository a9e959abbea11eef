/**
 * Probes beside polling, each skippable: no credentials → the documented 401; a well-formed
 * unknown id → the documented 404; a malformed id → the documented 400/404/422; with another
 * tenant's credentials, each job answered exactly like an unknown id.
 */
import { buildParamChecks } from '../core/router.js';
import { compareAnswers } from './compare.js';
import { type RunContext, jobUrl } from './context.js';
import { createFindings, excerptText, type FindingDraft } from './findings.js';
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
  return buildParamChecks(ctx.contract).get(`${ctx.operation.operationId}:${name}`) ?? (() => true);
}

async function request(ctx: RunContext, spec: Pick<ProbeSpec, 'name' | 'job' | 'id' | 'headers'>, started: number) {
  const attempts = await get(ctx.transport, jobUrl(ctx, spec.id), spec.headers);
  const operation = ctx.operation.operationId;
  const result = inspectAttempts(ctx.contract, operation, attempts, ctx.numbers.maxJsonDepth);
  const findings = createFindings();
  const where = { job: spec.job, probe: spec.name, poll: null, elapsedMs: ctx.now() - started, operation };
  for (const draft of result.drafts) findings.add(where, draft);
  // An answer that did not arrive whole and as documented JSON proves nothing about the probe.
  const broken = result.drafts.some((d) => d.code === 'transport' && (d.severity ?? 'violation') === 'violation');
  return { answer: broken ? undefined : result.answer, status: result.answer?.status ?? null, findings, where };
}

async function statusProbe(ctx: RunContext, spec: ProbeSpec, started: number): Promise<ProbeReport> {
  const { answer, status, findings, where } = await request(ctx, spec, started);
  if (answer && !spec.accept.includes(answer.status)) {
    const draft: FindingDraft = {
      code: spec.code,
      status: answer.status,
      pointer: '',
      rule: spec.name,
      expected: spec.expected,
      actual: String(answer.status),
      message: `${spec.description} answered ${answer.status}; expected ${spec.expected}`,
      excerpt: excerptText(answer.text),
    };
    findings.add(where, draft);
  }
  const list = findings.list();
  return { name: spec.name, job: spec.job, request: spec.description, status, ok: !list.some((f) => f.severity === 'violation'), findings: list };
}

/** Runs the probes not skipped; `jobs` are the jobs of this run (the first is used as the sample). */
export async function runProbes(ctx: RunContext, jobs: readonly string[], skip: ReadonlySet<ProbeName>): Promise<ProbeReport[]> {
  const sample = jobs[0];
  if (sample === undefined) return [];
  const started = ctx.now();
  const check = idCheck(ctx);
  const unknownId = unknownIdLike(sample, check);
  const documented = new Set(ctx.operation.responses.map((r) => Number(r.status)).filter(Number.isInteger));
  const path = (id: string) => new URL(jobUrl(ctx, id)).pathname;
  const reports: ProbeReport[] = [];
  const emit = (report: ProbeReport) => {
    reports.push(report);
    ctx.emit({ type: 'probe', probe: report });
  };

  if (!skip.has('auth')) {
    emit(await statusProbe(ctx, { name: 'auth', code: 'auth-probe', job: sample, id: sample, headers: [], description: `GET ${path(sample)} without credentials`, accept: [401], expected: 'the documented 401' }, started));
  }
  if (!skip.has('unknown-id')) {
    emit(await statusProbe(ctx, { name: 'unknown-id', code: 'not-found-probe', job: null, id: unknownId, headers: ctx.headers, description: `GET ${path(unknownId)} (a well-formed id of no job)`, accept: [404], expected: 'the documented 404' }, started));
  }
  if (!skip.has('malformed-id')) {
    const bad = malformedId(check);
    const accept = [400, 404, 422].filter((s) => documented.has(s));
    if (bad !== undefined) {
      emit(await statusProbe(ctx, { name: 'malformed-id', code: 'not-found-probe', job: null, id: bad, headers: ctx.headers, description: `GET ${path(bad)} (a malformed id)`, accept, expected: `a documented ${accept.join('/') || '400/404'}` }, started));
    }
  }
  if (!skip.has('tenant') && ctx.otherHeaders.length > 0) {
    const reference = await request(ctx, { name: 'tenant', job: null, id: unknownId, headers: ctx.otherHeaders }, started);
    for (const job of jobs) emit(await tenantProbe(ctx, job, unknownId, reference.answer, started));
  }
  return reports;
}

async function tenantProbe(ctx: RunContext, job: string, unknownId: string, reference: Answer | undefined, started: number): Promise<ProbeReport> {
  const description = `GET ${new URL(jobUrl(ctx, job)).pathname} with the other tenant's credentials`;
  const { answer, status, findings, where } = await request(ctx, { name: 'tenant', job, id: job, headers: ctx.otherHeaders }, started);
  if (answer && reference) {
    const diff = compareAnswers(answer, job, reference, unknownId);
    if (diff) {
      findings.add(where, {
        code: 'tenant-leak',
        status: answer.status,
        pointer: diff.pointer,
        rule: 'tenant',
        expected: `as for an unknown id: ${diff.expected}`,
        actual: diff.actual,
        message: `another tenant's job is answered differently from an unknown id at ${diff.pointer} (${diff.actual} vs ${diff.expected})`,
        excerpt: excerptText(answer.text),
      });
    }
  }
  const list = findings.list();
  return { name: 'tenant', job, request: description, status, ok: !list.some((f) => f.severity === 'violation'), findings: list };
}
