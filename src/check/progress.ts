/**
 * Live progress while polling: one cli-progress bar per job on a terminal, plain lines (on
 * status changes, findings and ends) otherwise — CI logs stay short.
 */
import cliProgress from 'cli-progress';
import type { CheckEvent } from './options.js';

/** Receives the run's events; `stop` ends the live display. */
export interface Progress {
  onEvent(event: CheckEvent): void;
  stop(): void;
}

/** Creates the progress display: live bars when `stream` is a TTY, else lines through `write`. */
export function createProgress(options: { write: (text: string) => void; tty?: NodeJS.WritableStream; timeoutMs: number }): Progress {
  if (options.tty) return barProgress(options.tty, options.timeoutMs);
  const last = new Map<string, string>();
  return {
    onEvent(event) {
      switch (event.type) {
        case 'poll': {
          const key = `${event.status ?? event.httpStatus}:${event.findings}`;
          if (last.get(event.job) === key) return;
          last.set(event.job, key);
          options.write(`job ${event.job}: poll ${event.poll} → ${event.status ?? `HTTP ${event.httpStatus ?? 'no answer'}`}${event.findings > 0 ? ` (${event.findings} finding(s))` : ''}\n`);
          return;
        }
        case 'job-end': {
          const r = event.report;
          options.write(`job ${r.id}: ${r.error ? 'not checked' : r.terminal ? 'ended' : 'did not end'} after ${r.polls} poll(s), final status ${r.finalStatus ?? '—'}, ${r.findings.length} finding(s)\n`);
          return;
        }
        case 'probe':
          options.write(`probe ${event.probe.name}${event.probe.job ? ` ${event.probe.job}` : ''}: ${event.probe.ok ? 'ok' : 'failed'} (${event.probe.status ?? 'no answer'})\n`);
          return;
        default:
      }
    },
    stop() {},
  };
}

function barProgress(stream: NodeJS.WritableStream, timeoutMs: number): Progress {
  const multi = new cliProgress.MultiBar(
    { stream, format: ' {job} [{bar}] {state} · poll {poll} · {findings} finding(s)', hideCursor: true, clearOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  return {
    onEvent(event) {
      if (event.type === 'job-start') bars.set(event.job, multi.create(seconds, 0, { job: event.job, state: 'starting', poll: 0, findings: 0 }));
      if (event.type === 'poll') bars.get(event.job)?.update(Math.min(seconds, Math.round(event.elapsedMs / 1000)), { state: event.status ?? `HTTP ${event.httpStatus ?? '—'}`, poll: event.poll, findings: event.findings });
      if (event.type === 'job-end') bars.get(event.job)?.update(seconds, { state: event.report.finalStatus ?? 'not checked', findings: event.report.findings.length });
    },
    stop: () => multi.stop(),
  };
}
