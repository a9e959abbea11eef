/**
 * Polls one job until it ends (and once more, to see it stays ended), checking every answer
 * and the job's lifecycle between polls. Every request, retry and wait ends by the job's
 * deadline (its timeout, within the run's deadline).
 */
import { jobOf, knownStates, statusOf } from '../lifecycle/evaluate.js';
import { type RunContext, jobUrl } from './context.js';
import { formatDuration } from './duration.js';
import { createFindings, type FindingDraft } from './findings.js';
import { inspectAttempts } from './inspect.js';
import type { JobReport } from './report.js';
import { createTracker } from './tracker.js';
import { get, retryAfterMs } from './transport.js';

/** Consecutive polls without a job in the answer after which the job is given up. */
const MAX_FAILURES = 3;
/** The documented "no job for you" answers: on the first poll a setup error, after that a vanished job. */
const NO_JOB = new Set([401, 403, 404]);

/** Polls one job to its end; returns its report. `created` marks a job this run started. */
export async function pollJob(ctx: RunContext, id: string, created = false): Promise<JobReport> {
  const { numbers } = ctx;
  const lifecycle = ctx.contract.spec.lifecycle;
  const tracker = createTracker(lifecycle);
  const states = knownStates(lifecycle);
  const findings = createFindings(ctx.redact);
  const started = ctx.now();
  // Polls and retries start by the job's timeout (the last request may then take its own
  // request timeout); nothing at all runs past the run's deadline.
  const startBy = Math.min(started + numbers.timeoutMs, ctx.deadlineAt);
  const byRun = ctx.deadlineAt < started + numbers.timeoutMs;
  const limits = { startBy, endBy: ctx.deadlineAt };
  const url = jobUrl(ctx, id);
  const operation = ctx.operation.operationId;
  let polls = 0;
  let terminal = false;
  let afterTerminal = 0;
  let failures = 0;
  let seen = false;
  let ended = false; // a finding already says why the job did not end
  let nextWait = 0;
  let setupError: string | null = null;
  const add = (draft: FindingDraft) => findings.add({ job: id, probe: null, poll: polls, elapsedMs: ctx.now() - started, operation }, draft);
  const notTerminal = (rule: string, expected: string, why: string) => {
    ended = true;
    add({ code: 'timeout', status: null, pointer: lifecycle.status, rule, expected, actual: String(tracker.status ?? 'no status'), message: `${why} (${polls} polls, last status ${tracker.status ?? 'unknown'})` });
  };
  ctx.emit({ type: 'job-start', job: id });

  for (;;) {
    if (polls >= numbers.maxPolls) {
      if (!terminal) notTerminal('max-polls', `a terminal state (${lifecycle.terminal.join(', ')})`, `no terminal state after ${polls} polls`);
      break;
    }
    if (polls > 0) {
      // The timeout lets a last poll start at its very end; the run's deadline does not (no time would be left for it).
      if (!terminal && (ctx.now() + nextWait > startBy || ctx.now() + nextWait >= ctx.deadlineAt)) {
        const limit = byRun ? 'the run deadline' : formatDuration(numbers.timeoutMs);
        notTerminal(byRun ? 'deadline' : 'timeout', `a terminal state within ${limit}`, `no terminal state within ${limit}`);
        break;
      }
      if (nextWait > 0) await ctx.sleep(nextWait);
      if (ctx.transport.signal?.aborted) break;
    }
    polls++;
    const attempts = await get(ctx.transport, url, ctx.headers, limits);
    const result = inspectAttempts(ctx.contract, operation, attempts, numbers.maxJsonDepth);
    for (const draft of result.drafts) add(draft);
    const answer = result.answer;
    nextWait = numbers.intervalMs;
    if (answer) {
      // A Retry-After stretches the interval, but never past the deadline: on a 200 it is a
      // hint, and must not end the job's polling early.
      const hinted = retryAfterMs(answer.headers, Date.now());
      const stretched = hinted === undefined ? nextWait : Math.max(nextWait, Math.min(hinted, numbers.maxBackoffMs));
      if (ctx.now() + stretched <= startBy) nextWait = stretched;
    }
    if (answer && NO_JOB.has(answer.status)) {
      if (!seen) {
        setupError = `GET ${new URL(url).pathname} answered ${answer.status} on the first poll: the job does not exist for these credentials. Check --job, --base-url and --header.`;
      } else {
        ended = true;
        add({ code: 'job-vanished', status: answer.status, pointer: '', rule: 'vanished', expected: `the job (last seen ${tracker.status ?? 'with no status'})`, actual: String(answer.status), message: `the job was seen (status ${tracker.status ?? 'unknown'}), then answered ${answer.status}: it vanished${terminal ? ' after its terminal state' : ' before reaching a terminal state'}`, excerpt: answer.text });
      }
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
      for (const v of observation.violations) add({ code: v.code, status: 200, pointer: v.pointer, rule: v.rule, expected: v.expected, actual: v.actual, message: v.message, excerpt: v.actual });
      if (observation.terminal) terminal = true;
      else if (terminal) {
        terminal = false;
        afterTerminal = 0;
      }
    } else if (++failures >= MAX_FAILURES || ctx.now() >= ctx.deadlineAt) {
      // No job in the answer (transport failure, 429/5xx after retries, not JSON…) a few polls in a row.
      break;
    }
    ctx.emit({ type: 'poll', job: id, poll: polls, httpStatus: answer?.status ?? null, status: tracker.status, findings: findings.list().length, elapsedMs: ctx.now() - started });
    if (terminal && afterTerminal++ >= numbers.terminalPolls) break;
  }
  // Whatever stopped the polling, a job that never reached a terminal state does not pass.
  if (!terminal && !ended && setupError === null && !ctx.transport.signal?.aborted) {
    add({ code: 'job-unfinished', status: null, pointer: lifecycle.status, rule: seen ? 'gave-up' : 'never-seen', expected: `a terminal state (${lifecycle.terminal.join(', ')})`, actual: String(tracker.status ?? 'no status'), message: `polling stopped after ${polls} poll(s) without a terminal state (${seen ? `last status ${tracker.status ?? 'unknown'}; ` : 'no poll returned the job; '}${MAX_FAILURES} polls in a row without a usable job)` });
  }
  const report: JobReport = { id, polls, finalStatus: tracker.status ?? null, terminal, elapsedMs: ctx.now() - started, error: setupError, ...(created ? { created } : {}), findings: findings.list() };
  ctx.emit({ type: 'job-end', job: id, report });
  return report;
}
