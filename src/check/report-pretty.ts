/** The pretty reporter: a summary table, the probes, then each finding. */
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { formatDuration } from './duration.js';
import { redactDeep } from './redact.js';
import { type CheckReport, type Finding, allFindings } from './report.js';

/** Renders the report for people. `color` adds ANSI colours (for a terminal). */
export function renderPretty(original: CheckReport, options: { color?: boolean } = {}): string {
  // Text from the server must not drive the terminal (escape sequences, carriage returns).
  const report = redactDeep(original, (text) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '\uFFFD'));
  const pc = createColors(options.color ?? false);
  const plain = { head: [] as string[], border: [] as string[] };
  const lines: string[] = [];
  lines.push(pc.bold(`job-contracts check · ${report.provider} · ${report.baseUrl}`));

  const jobs = new Table({ head: ['job', 'polls', 'final status', 'violations', 'warnings', 'time'].map((h) => pc.bold(h)), style: plain });
  for (const job of report.jobs) {
    const v = job.findings.filter((f) => f.severity === 'violation').length;
    const w = job.findings.length - v;
    const status = job.error !== null ? pc.red('not checked') : job.terminal ? (job.finalStatus ?? '') : pc.yellow(`${job.finalStatus ?? '—'} (not terminal)`);
    jobs.push([job.created ? `${job.id} (created)` : job.id, String(job.polls), status, v > 0 ? pc.red(String(v)) : pc.green('0'), w > 0 ? pc.yellow(String(w)) : '0', formatDuration(job.elapsedMs)]);
  }
  if (report.jobs.length > 0) lines.push(jobs.toString());
  for (const c of report.created ?? []) {
    lines.push(c.id !== null ? `${pc.green('+ created')} job ${c.id} (${c.operation} ${c.status})` : `${pc.red('✖ not created')} ${c.operation}: ${c.error ?? `answered ${c.status ?? 'nothing'}`}`);
  }
  if (report.probes.length > 0) {
    const probes = new Table({ head: ['probe', 'request', 'status', 'result'].map((h) => pc.bold(h)), style: plain });
    for (const p of report.probes) probes.push([p.name, p.request, p.status === null ? '—' : String(p.status), p.ok ? pc.green('ok') : pc.red('failed')]);
    lines.push(probes.toString());
  }
  for (const job of report.jobs) if (job.error !== null) lines.push(`${pc.red('✖ not checked')} job ${job.id}: ${job.error}`);

  const findings = allFindings(report);
  if (findings.length > 0) lines.push('', pc.bold('Findings'));
  for (const f of findings) lines.push(...describe(f, pc));

  const s = report.summary;
  const verdict = s.violations > 0 || s.errors > 0 ? pc.red(pc.bold('FAIL')) : pc.green(pc.bold('PASS'));
  lines.push(
    '',
    `${verdict} ${s.violations} violation(s), ${s.warnings} warning(s)${s.errors > 0 ? `, ${s.errors} job(s) not checked` : ''} · ${s.jobs} job(s), ${s.polls} poll(s) · ${formatDuration(report.durationMs)}`,
  );
  return `${lines.join('\n')}\n`;
}

function describe(f: Finding, pc: ReturnType<typeof createColors>): string[] {
  const mark = f.severity === 'violation' ? pc.red('✖') : pc.yellow('⚠');
  const where = [
    f.job !== null ? `job ${f.job}` : null,
    f.probe !== null ? `probe ${f.probe}` : null,
    f.poll !== null ? `poll ${f.poll}` : null,
    `+${formatDuration(f.elapsedMs)}`,
    `${f.operation}${f.status !== null ? ` ${f.status}` : ''}`,
    f.count > 1 ? `seen ${f.count}x` : null,
  ].filter(Boolean);
  const out = [`${mark} ${pc.bold(f.code)} ${pc.dim(where.join(' · '))}`, `    ${f.pointer && !f.message.startsWith(f.pointer) ? `${pc.cyan(f.pointer)} ` : ''}${f.message}`, `    expected ${f.expected}, actual ${f.actual}`];
  if (f.excerpt) out.push(`    ${pc.dim(f.excerpt)}`);
  return out;
}
