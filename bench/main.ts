/**
 * `npm run bench [-- --quick] [--only http,startup,validators,msw,scale,lists] [--no-pin] [--out file]`: the mock
 * and the validators against Prism and the machine's ceiling, side by side in one run.
 * @see ../../README.md#benchmark
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { loadContract } from '../src/contracts/contracts.js';
import { packageRoot } from '../src/contracts/package-root.js';
import { providerIds } from '../src/providers/ids.js';
import { runHttp } from './http.js';
import { runMsw } from './msw.js';
import { runLists } from './lists.js';
import { type Pinning, pinCores, stopAll } from './procs.js';
import { formatReport } from './report.js';
import { runScale } from './scale.js';
import { runStartup } from './startup.js';
import { type BenchResults, checkTargets } from './targets.js';
import { runValidators } from './validators.js';

const sections = ['http', 'startup', 'validators', 'msw', 'scale', 'lists'] as const;
type Section = (typeof sections)[number];

function parseArgs(argv: string[]): { quick: boolean; pin: boolean; only: Set<Section>; out: string } {
  const quick = argv.includes('--quick');
  const pin = !argv.includes('--no-pin');
  const onlyAt = argv.indexOf('--only');
  const only = new Set<Section>(onlyAt === -1 ? sections : ((argv[onlyAt + 1] ?? '').split(',') as Section[]));
  for (const s of only) if (!sections.includes(s)) throw new Error(`--only takes ${sections.join(',')}; got "${s}".`);
  const outAt = argv.indexOf('--out');
  const out = outAt === -1 ? join(packageRoot(), 'bench', 'results.json') : (argv[outAt + 1] ?? '');
  return { quick, pin, only, out };
}

const CONNECTIONS = 50;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const q = args.quick;
  const settings = {
    connections: CONNECTIONS,
    // Rounds of 4 s: Prism's garbage builds up under load, and in rounds of 2 s much of its
    // collection falls in the gaps between them (it read ~10–20% faster than it sustains).
    http: { rounds: q ? 2 : 5, seconds: q ? 1 : 4, warmupSeconds: q ? 0.5 : 2 },
    startupRuns: q ? 3 : 5,
    // Specs the start-up cache has never seen, each against Prism on the same spec.
    unseenStartProviders: q ? (['figur', 'azure'] as const) : providerIds,
    validators: { rounds: q ? 9 : 25, ms: 100 },
    msw: { rounds: q ? 4 : 8, ms: q ? 250 : 500 },
    // Many short pairs: a slow spell of the shared machine skews only the pairs it cuts across (a
    // pair inside it slows both sides alike), and the median drops those.
    scale: { counts: [1_000, 10_000, 100_000], rounds: q ? 2 : 11, seconds: 1.5 },
    // Every provider with a list endpoint (osapi's answer carries per-status counts of all jobs).
    lists: { providers: providerIds.filter((id) => loadContract(id).operation('listJobs') !== undefined), counts: [1_000, 47_000], rounds: q ? 3 : 7, ms: q ? 300 : 1000 },
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const pinning: Pinning = args.pin ? pinCores() : { used: false, loadCore: null, serverCore: null, note: '--no-pin: not pinned' };
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${platform()} ${release()}`, loadavgStart: loadavg() };
  log(`bench${q ? ' --quick' : ''}: ${machine.cpus} × ${machine.model}, node ${machine.node}, load ${machine.loadavgStart.map((l) => l.toFixed(2)).join(' ')}; ${pinning.note}`);
  const started = performance.now();
  const results: BenchResults = {};
  if (args.only.has('http')) results.http = await runHttp({ providers: providerIds, ...settings.http, connections: settings.connections, log });
  if (args.only.has('startup')) results.startup = await runStartup({ runs: settings.startupRuns, unseen: settings.unseenStartProviders, log });
  if (args.only.has('validators')) results.validators = runValidators({ providers: providerIds, ...settings.validators, log });
  if (args.only.has('msw')) results.msw = await runMsw({ providers: providerIds, ...settings.msw, log });
  if (args.only.has('scale')) results.scale = await runScale({ ...settings.scale, connections: settings.connections, log });
  if (args.only.has('lists')) results.lists = await runLists({ ...settings.lists, log });
  const checks = checkTargets(results, settings.connections);
  process.stdout.write(formatReport(results, checks, pinning));
  const record = { date: new Date().toISOString(), quick: q, seconds: Math.round((performance.now() - started) / 1000), machine: { ...machine, loadavgEnd: loadavg() }, pinning, settings, results, targets: checks };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(record, null, 2)}\n`);
  log(`results written to ${args.out} (${record.seconds} s)`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
