import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../contracts/package-root.js';
import { ConfigError } from '../errors/index.js';
import { serverBasePath } from '../core/router.js';

/** Schema-driven answers from Prism processes, one per provider. */
export interface PrismFallback {
  fallback(provider: string, request: Request, path: string): Promise<Response>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function prismBin(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('@stoplight/prism-cli/package.json'), '..', 'dist', 'index.js');
}

/** Waits for Prism's "listening" line, or fails with what it printed. */
function ready(child: ChildProcess, provider: string, file: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = output.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
      reject(new ConfigError(`Prism could not start for ${provider} (${file}): ${why}${tail ? ` — Prism said: ${tail}` : ''}. Fix the spec, or run without --mode schema.`, { file }));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    child.once('error', (error) => fail(error.message));
  });
}

/** Whether `port` on 127.0.0.1 can be listened on now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * The loopback port of a provider's Prism child: `basePort + 1 + its place among the served providers`
 * (4011, 4012, … beside `--port 4010`, in the order the providers are served), so firewalls and port plans know them;
 * any free port when `basePort` is 0 (tests, `--port 0`).
 */
export async function prismPort(provider: string, index: number, basePort: number, count: number): Promise<number> {
  if (basePort === 0) return freePort();
  const port = basePort + 1 + index;
  if (port > 65535 || !(await portFree(port))) {
    throw new ConfigError(`--mode schema runs Prism for ${provider} on 127.0.0.1:${port} (--port + ${port - basePort}), which is ${port > 65535 ? 'out of range' : 'in use'}. Pick another --port (its next ${count} ports are Prism's), or --port 0.`);
  }
  return port;
}

/**
 * Starts `prism mock` (the @stoplight/prism-cli dependency) for each provider's spec on a
 * loopback port (see prismPort) and proxies to it. Used by `--mode schema` and for operations
 * no scenario scripts. Each Prism takes about 2 s to start on an idle 2-vCPU machine; they start
 * together, so a loaded machine may need the generous default timeout.
 */
export async function startPrism(providers: readonly string[], options: { specsDir?: string; files?: ReadonlyMap<string, string>; timeoutMs?: number; basePort?: number } = {}): Promise<PrismFallback> {
  const specsDir = options.specsDir ?? join(packageRoot(), 'specs');
  const bin = prismBin();
  const children: ChildProcess[] = [];
  const targets = new Map<string, { port: number; basePath: string }>();
  const close = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    await Promise.all(
      providers.map(async (provider) => {
        // A provider of your own brings its spec file; a built-in one is specs/<id>.yaml.
        const file = options.files?.get(provider) ?? join(specsDir, `${provider}.yaml`);
        const port = await prismPort(provider, providers.indexOf(provider), options.basePort ?? 0, providers.length);
        const child = spawn(process.execPath, [bin, 'mock', file, '-h', '127.0.0.1', '-p', String(port), '--errors', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        await ready(child, provider, file, options.timeoutMs ?? 60_000);
        child.stdout?.resume();
        child.stderr?.resume();
        const { loadSpecFile } = await import('../contracts/spec.js');
        targets.set(provider, { port, basePath: serverBasePath(loadSpecFile(file, provider).serverUrl) });
      }),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return {
    close,
    async fallback(provider, request, path) {
      const target = targets.get(provider);
      if (!target) throw new Error(`job-contracts: no Prism for ${provider}`);
      const url = new URL(request.url);
      const relative = path.startsWith(target.basePath) ? path.slice(target.basePath.length) : path;
      const headers = new Headers(request.headers);
      headers.delete('host');
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const answer = await fetch(`http://127.0.0.1:${target.port}${relative}${url.search}`, {
        method: request.method,
        headers,
        ...(hasBody ? { body: await request.arrayBuffer() } : {}),
        signal: AbortSignal.timeout(10_000),
      });
      const out = new Headers(answer.headers);
      for (const name of ['content-length', 'content-encoding', 'transfer-encoding', 'connection']) out.delete(name);
      out.set('x-job-contracts-source', 'prism');
      return new Response(answer.status === 204 ? null : await answer.arrayBuffer(), { status: answer.status, headers: out });
    },
  };
}
