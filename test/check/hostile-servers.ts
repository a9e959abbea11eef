/**
 * Hostile staging servers for the checker: each answers every request in one broken way.
 * Bodies are produced lazily (the 200 MB body reuses one 64 KiB buffer and waits for drain),
 * so the servers stay small too. Several echo the request's Authorization header, to prove
 * the checker redacts what a server reflects.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** The ways a hostile server misbehaves; the first path segment picks one. */
export const hostileKinds = ['slowloris', 'endless', 'huge', 'huge-chunked', 'json-bomb', 'redirect-loop', 'close-mid-body', 'html'] as const;
/** One hostile behaviour. */
export type HostileKind = (typeof hostileKinds)[number];

/** Running hostile servers: `baseUrl(kind)` is a base URL whose every request misbehaves. */
export interface HostileServers {
  baseUrl(kind: HostileKind): string;
  /** Body bytes the servers managed to write (the checker must stop reading long before 200 MB). */
  bytesWritten(): number;
  close(): Promise<void>;
}

const HUGE = 200 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

function echo(req: IncomingMessage): string {
  return String(req.headers.authorization ?? '');
}

/** Starts the hostile servers on free ports of 127.0.0.1 (one HTTP server, one raw TCP for slowloris). */
export async function startHostileServers(): Promise<HostileServers> {
  let written = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const stream = (res: ServerResponse, total: number, first = '') => {
    let sent = 0;
    if (first) res.write(first);
    const pump = () => {
      while (sent < total) {
        const piece = sent + CHUNK.length <= total ? CHUNK : CHUNK.subarray(0, total - sent);
        sent += piece.length;
        written += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  };

  const http = createServer((req, res) => {
    const kind = (req.url ?? '/').split('/')[1] as HostileKind;
    res.on('error', () => undefined);
    switch (kind) {
      case 'endless': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":"');
        const timer = setInterval(() => {
          written += 1024;
          res.write(CHUNK.subarray(0, 1024));
        }, 5);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE + 2) });
        return stream(res, HUGE, '"');
      case 'huge-chunked':
        res.writeHead(200, { 'content-type': 'application/json' });
        return stream(res, HUGE, '"');
      case 'json-bomb': {
        const depth = 100_000;
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(`${'['.repeat(depth)}${']'.repeat(depth)}`);
      }
      case 'redirect-loop': {
        const other = req.url?.includes('/b/') ? '/redirect-loop/a/' : '/redirect-loop/b/';
        res.writeHead(302, { location: `${other}?echo=${encodeURIComponent(echo(req))}` });
        return void res.end();
      }
      case 'close-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write(`{"echo":${JSON.stringify(echo(req))},"status":"IN_PRO`);
        return void setTimeout(() => res.socket?.destroy(), 5);
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(`<!doctype html><html><body><h1>Welcome</h1><p>Signed in as ${echo(req)}</p></body></html>`);
      default:
        res.writeHead(404).end();
    }
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  // Slowloris: a status line, then one header byte every 20 ms, forever.
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nX-Slow: ');
      const timer = setInterval(() => socket.write('a'), 20);
      timers.add(timer);
      socket.on('close', () => {
        clearInterval(timer);
        sockets.delete(socket);
      });
    });
  });

  const listen = (server: { listen: (port: number, host: string, cb: () => void) => void; address: () => unknown }) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const [httpPort, tcpPort] = [await listen(http), await listen(tcp)];

  return {
    baseUrl: (kind) => (kind === 'slowloris' ? `http://127.0.0.1:${tcpPort}/slowloris` : kind === 'redirect-loop' ? `http://127.0.0.1:${httpPort}/redirect-loop/a` : `http://127.0.0.1:${httpPort}/${kind}`),
    bytesWritten: () => written,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => tcp.close(r))]);
    },
  };
}
