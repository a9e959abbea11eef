import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

/** Whether the load generator and the servers run on different cores, and why (not). */
export interface Pinning {
  used: boolean;
  /** The core of this process (autocannon, the validators, the start-up poller). */
  loadCore: number | null;
  /** The core of every child (the servers, the MSW and list children). */
  serverCore: number | null;
  note: string;
}

let pinning: Pinning = { used: false, loadCore: null, serverCore: null, note: 'not asked for' };

/**
 * Pins this process (every thread: autocannon runs in it) to core 0 and every child started
 * after to core 1, with util-linux taskset, so the load generator and the server under test do
 * not take turns on one core. Nothing changes where taskset is missing or there is one core.
 */
export function pinCores(): Pinning {
  if (availableParallelism() < 2) return (pinning = { used: false, loadCore: null, serverCore: null, note: 'one core: not pinned' });
  const self = spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  if (self.error || self.status !== 0) return (pinning = { used: false, loadCore: null, serverCore: null, note: `taskset ${self.error ? 'not found' : 'refused'}: not pinned` });
  return (pinning = { used: true, loadCore: 0, serverCore: 1, note: 'taskset: load generator on core 0, servers on core 1' });
}

/** A child process the bench started, with the tail of its output for error messages. */
export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** Resolves with the first stdout line that parses as a JSON object. */
  firstJson(timeoutMs?: number): Promise<Record<string, unknown>>;
  output(): string;
  stop(): Promise<void>;
}

// Every child ever started, so an error or Ctrl-C still ends them all.
const running = new Set<Child>();

/** Starts `node <script> …args` with stdio piped and drained (a full pipe would stall a logging server). */
export function startNode(name: string, script: string, args: string[], nodeFlags: string[] = [], env: Record<string, string> = {}): Child {
  // taskset execs node in place: the pid stays the server's own (for /proc CPU and RSS).
  const argv = [...nodeFlags, script, ...args];
  const [command, commandArgs]: [string, string[]] = pinning.used ? ['taskset', ['-c', String(pinning.serverCore), process.execPath, ...argv]] : [process.execPath, argv];
  const proc = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } });
  let tail = '';
  let pending = '';
  let reported: Record<string, unknown> | undefined;
  const waiters: Array<(line: Record<string, unknown>) => void> = [];
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  proc.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (reported) return;
    pending = (pending + chunk.toString('utf8')).slice(-1_000_000);
    for (let nl = pending.indexOf('\n'); nl !== -1 && !reported; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      try {
        reported = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not our JSON line
      }
      for (const w of waiters.splice(0)) w(reported);
    }
  });
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child: Child = {
    name,
    process: proc,
    pid: proc.pid ?? -1,
    output: () => tail,
    firstJson: (timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        if (reported) return resolve(reported);
        const timer = setTimeout(() => reject(new Error(`${name}: no JSON line within ${timeoutMs} ms. Output:\n${tail}`)), timeoutMs);
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (code ${code}) before reporting. Output:\n${tail}`));
        });
        waiters.push((line) => {
          clearTimeout(timer);
          resolve(line);
        });
      }),
    stop: async () => {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(killer);
    },
  };
  running.add(child);
  return child;
}

/** Stops every child still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

// Children die with the bench however it ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().then(() => process.exit(130));
  });
}
process.once('exit', () => {
  for (const c of running) c.process.kill('SIGKILL');
});

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One GET; resolves with the status and body, or rejects on a connection error. */
export function get(url: string, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Polls `url` every few ms until it answers 200; returns the ms from `since`. Bounded by `timeoutMs`. */
export async function waitFor200(url: string, headers: Record<string, string>, since: number, child: Child, timeoutMs = 60_000): Promise<number> {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited before answering. Output:\n${child.output()}`);
    try {
      const { status } = await get(url, headers, 2000);
      if (status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${child.name} did not answer 200 at ${url} within ${timeoutMs} ms. Output:\n${child.output()}`);
}

/** CPU time (user + system) a process has used so far, in µs (Linux /proc; NaN where unavailable). */
export function cpuMicros(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process in MB (Linux /proc; 0 where unavailable). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
