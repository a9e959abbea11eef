import type { Sample, SoakReport } from './run.js';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** True when the run saw anything it must not: unexpected answers, errors, a missed health check. */
export function soakFailed(report: SoakReport): boolean {
  return report.unexpectedCount > 0 || report.errors > 0 || report.side.unbroken > 0 || report.health.answered < report.health.asked || report.serverFailures > 0;
}

/** The memory trend from the end of the warm-up (a quarter of the run) to the last sample. */
function trend(samples: Sample[], seconds: number): string {
  const first = samples.find((s) => s.at >= seconds / 4) ?? samples[0];
  const last = samples.at(-1);
  if (!first || !last || last === first) return 'not enough samples';
  const jobs = last.jobs - first.jobs;
  const requests = last.journal.total - first.journal.total;
  const heap = last.heapUsed - first.heapUsed;
  const minutes = (last.at - first.at) / 60;
  // Jobs clients create are kept (as the provider keeps them); anything else growing is a leak.
  const perJob = jobs > 0 ? `${(heap / jobs / 1024).toFixed(1)} KB per job created` : 'no jobs created';
  return [
    `from ${first.at} s to ${last.at} s: RSS ${mb(first.rss)} → ${mb(last.rss)} (${((last.rss - first.rss) / 2 ** 20 / minutes).toFixed(1)} MB/min); heap after GC ${mb(first.heapUsed)} → ${mb(last.heapUsed)}`,
    `  over ${requests} requests and ${jobs} new jobs: ${perJob}, ${((heap / Math.max(1, requests)) * 1000 / 1024).toFixed(1)} KB per 1000 requests; journal kept ${first.journal.kept} → ${last.journal.kept} (capacity 1000)`,
  ].join('\n');
}

/** The figures as text, as `npm run soak` prints them. */
export function formatReport(report: SoakReport): string {
  const { options, health, side } = report;
  const lines = [
    `soak: ${report.seconds} s, ${options.connections} connections, all five providers, every scenario, faults ${'500 502 503 429 invalid-json latency'} (load) + reset truncate (side channel)`,
    `answers: ${report.responses} (${Math.round(report.responses / report.seconds)}/s); statuses ${Object.entries(report.statuses).map(([code, n]) => `${code}×${n}`).join(' ')}`,
    `unexpected: ${report.unexpectedCount} answers, ${report.errors} connection errors (${report.timeouts} timeouts), ${report.serverFailures} mock failures`,
    ...[...report.unexpected].slice(0, 10).map(([reason, { count, example }]) => `  ${count}× ${reason}\n     e.g. ${example}`),
    `side channel: ${side.sent} reset/truncate faults, ${side.unbroken} not broken as asked`,
    `health: ${health.answered}/${health.asked} answered (p50 ${health.p50Ms} ms, max ${health.maxMs} ms)`,
    'memory (server process):',
    ...report.samples.map((s) => `  ${String(s.at).padStart(5)} s  rss ${mb(s.rss).padStart(9)}  heap ${mb(s.heapUsed).padStart(9)}  jobs ${String(s.jobs).padStart(6)}  journal ${s.journal.kept}/${s.journal.total}`),
    `trend ${trend(report.samples, report.seconds)}`,
    soakFailed(report) ? 'FAILED' : 'ok',
  ];
  return `${lines.join('\n')}\n`;
}
