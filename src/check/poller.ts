/**
 * Polls one job until it ends (and once more, to see it stays ended), checking every answer
 * and the job's lifecycle between polls.
 */
import { jobOf, knownStates, statusOf } from '../lifecycle/evaluate.js';
import { type RunContext, jobUrl } from './context.js';
import { formatDuration } from './duration.js';
import { createFindings } from './findings.js';
import { inspectAttempts } from './inspect.js';
import type { JobReport } from './report.js';
import { createTracker } from './tracker.js';
import { get, retryAfterMs } from './transport.js';

/** Consecutive polls without a job in the answer after which the job is given up. */
const MAX_FAILURES = 3;

/** Polls one job to its end; returns its report. */
export async function pollJob(ctx: RunContext, id: string): Promise<JobReport> {
  const { numbers } = ctx;
  const lifecycle = ctx.contract.spec.lifecycle;
  const tracker = createTracker(lifecycle);
  const states = knownStates(lifecycle);
  const findings = createFindings();
  const started = ctx.now();
  const url = jobUrl(ctx, id);
  const operation = ctx.operation.operationId;
  let polls = 0;
  let terminal = false;
  let afterTerminal = 0;
  let failures = 0;
  let seen = false;
  let nextWait = 0;
  let setupError: string | null = null;
  ctx.emit({ type: 'job-start', job: id });

  for (;;) {
    if (polls >= numbers.maxPolls) {
      if (!terminal && seen) {
        findings.add({ job: id, probe: null, poll: polls, elapsedMs: ctx.now() - started, operation }, { code: 'timeout', status: null, pointer: lifecycle.status, rule: 'max-polls', expected: `a terminal state (${lifecycle.terminal.join(', ')})`, actual: String(tracker.status ?? 'no status'), message: `no terminal state after ${polls} polls (last status ${tracker.status ?? 'unknown'})` });
      }
      break;
    }
    if (polls > 0) {
      const elapsed = ctx.now() - started;
      if (!terminal && elapsed + nextWait > numbers.timeoutMs) {
        if (seen) findings.add({ job: id, probe: null, poll: polls, elapsedMs: elapsed, operation }, { code: 'timeout', status: null, pointer: lifecycle.status, rule: 'timeout', expected: `a terminal state within ${formatDuration(numbers.timeoutMs)}`, actual: String(tracker.status ?? 'no status'), message: `no terminal state within ${formatDuration(numbers.timeoutMs)} (${polls} polls, last status ${tracker.status ?? 'unknown'})` });
        break;
      }
      if (nextWait > 0) await ctx.sleep(nextWait);
      if (ctx.transport.signal?.aborted) break;
    }
    polls++;
    const attempts = await get(ctx.transport, url, ctx.headers);
    const where = { job: id, probe: null, poll: polls, elapsedMs: ctx.now() - started, operation };
    const result = inspectAttempts(ctx.contract, operation, attempts, numbers.maxJsonDepth);
    for (const draft of result.drafts) findings.add(where, draft);
    const answer = result.answer;
    nextWait = numbers.intervalMs;
    if (answer) {
      const hinted = retryAfterMs(answer.headers, Date.now());
      if (hinted !== undefined) nextWait = Math.max(nextWait, Math.min(hinted, numbers.maxBackoffMs));
    }
    if (answer && !seen && [401, 403, 404].includes(answer.status)) {
      setupError = `GET ${new URL(url).pathname} answered ${answer.status} on the first poll: the job does not exist for these credentials. Check --job, --base-url and --header.`;
      break;
    }
    const job = answer?.status === 200 && result.body?.kind === 'json' ? jobOf(lifecycle, result.body.value) : undefined;
    // A body that breaks the schema is still tracked when its status is a state of the
    // lifecycle (one bad field should not hide the job's life); otherwise the schema findings say it all.
    const status = job === undefined ? undefined : statusOf(lifecycle, job);
    if (job !== undefined && (result.valid || (status !== undefined && states.has(status)))) {
      seen = true;
      failures = 0;
      const observation = tracker.observe(job);
      for (const v of observation.violations) {
        findings.add(where, { code: v.code, status: 200, pointer: v.pointer, rule: v.rule, expected: v.expected, actual: v.actual, message: v.message, excerpt: v.actual });
      }
      if (observation.terminal) terminal = true;
      else if (terminal) {
        terminal = false;
        afterTerminal = 0;
      }
    } else if (++failures >= MAX_FAILURES) {
      // No job in the answer (transport failure, 429/5xx after retries, not JSON…) a few polls in a row.
      break;
    }
    ctx.emit({ type: 'poll', job: id, poll: polls, httpStatus: answer?.status ?? null, status: tracker.status, findings: findings.list().length, elapsedMs: ctx.now() - started });
    if (terminal && afterTerminal++ >= numbers.terminalPolls) break;
  }
  const report: JobReport = { id, polls, finalStatus: tracker.status ?? null, terminal, elapsedMs: ctx.now() - started, error: setupError, findings: findings.list() };
  ctx.emit({ type: 'job-end', job: id, report });
  return report;
}
