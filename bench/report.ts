import Table from 'cli-table3';
import pc from 'picocolors';
import type { HttpRow } from './http.js';
import type { Pinning } from './procs.js';
import type { BenchResults, TargetCheck } from './targets.js';

const n0 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en-US'));
const n1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const style = { head: [] as string[], border: [] as string[], compact: true };

function httpTable(rows: HttpRow[]): string {
  const table = new Table({ head: ['provider', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'errors', 'RSS MB', 'ours / this'], style });
  for (const row of rows) {
    table.push([row.server === 'ours' ? row.provider : '', row.server, n0(row.rps), n1(row.p50), n1(row.p99), n0(row.cpuPerRequest), String(row.errors), n0(row.rssMb), row.oursRatio === null ? '' : `${row.oursRatio.toFixed(2)}×`]);
  }
  return table.toString();
}

/** The human summary: one table per section, then PASS/FAIL per target. */
export function formatReport(results: BenchResults, checks: TargetCheck[], pinning: Pinning): string {
  const parts: string[] = [`Cores: ${pinning.note}.`];
  if (results.http) parts.push(`${pc.bold('getJob under load')} (autocannon, medians of the rounds)\n${httpTable(results.http)}`);
  if (results.startup) {
    const s = results.startup;
    const table = new Table({ head: ['startup → first 200', 'median ms', 'runs ms'], style });
    table.push(
      ['ours (mock, every provider)', n0(s.oursMedian), s.ours.map(n0).join(' ')],
      ['ours, empty start-up cache', n0(s.oursColdMedian), s.oursCold.map(n0).join(' ')],
      [`ours (mock --provider ${s.provider})`, n0(s.oursOneMedian), s.oursOne.map(n0).join(' ')],
      [`prism (${s.provider})`, n0(s.prismMedian), s.prism.map(n0).join(' ')],
    );
    parts.push(table.toString());
    if (s.unseen.length > 0) {
      const unseen = new Table({ head: ['unseen spec → first 200', 'ours ms', 'prism ms', 'ours / prism', 'runs ours | prism'], style });
      for (const u of s.unseen) unseen.push([u.provider, n0(u.oursMedian), n0(u.prismMedian), `${u.ratio.toFixed(2)}×`, `${u.ours.map(n0).join(' ')} | ${u.prism.map(n0).join(' ')}`]);
      parts.push(unseen.toString());
    }
  }
  if (results.validators) {
    const table = new Table({ head: ['validator (getJob body)', 'bytes', 'ours /s', 'raw ajv /s', 'ours / raw'], style });
    for (const v of results.validators) table.push([v.provider, String(v.bytes), n0(v.ours), n0(v.raw), `${v.ratio.toFixed(2)}×`]);
    parts.push(table.toString());
  }
  if (results.msw) {
    const table = new Table({ head: ['MSW (fetch loop)', 'ours req/s', 'plain req/s', 'ours / plain'], style });
    for (const m of results.msw) table.push([m.provider, n0(m.ours), n0(m.plain), `${m.ratio.toFixed(2)}×`]);
    parts.push(table.toString());
  }
  if (results.scale) {
    const table = new Table({ head: ['active jobs', 'RSS MB created', 'RSS MB polled', 'create ms', 'getJob req/s'], style });
    for (const s of results.scale) table.push([n0(s.jobs), n0(s.rssCreatedMb), n0(s.rssPolledMb), n0(s.createMs), n0(s.rps)]);
    parts.push(table.toString());
  }
  if (results.lists) {
    const table = new Table({ head: ['listJobs, page of 20', 'jobs', 'mean ms', 'p99 ms', 'large / small', ''], style });
    for (const l of results.lists) {
      for (const [i, count] of l.counts.entries()) {
        const first = i === 0;
        table.push([first ? l.provider : '', n0(count), (l.meanMs[i] ?? NaN).toFixed(2), (l.p99Ms[i] ?? NaN).toFixed(2), first ? '' : `${l.ratio.toFixed(2)}×`, first && l.carriesCounts ? 'with per-status counts' : '']);
      }
    }
    parts.push(table.toString());
  }
  const targets = new Table({ head: ['target', 'measured', ''], style });
  for (const c of checks) targets.push([c.target, c.measured, c.pass ? pc.green('PASS') : pc.red('FAIL')]);
  parts.push(targets.toString());
  return `${parts.join('\n')}\n`;
}
