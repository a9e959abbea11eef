import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** A Fetch handler: the shape every door of the mock shares. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** A listening server. */
export interface RunningServer {
  server: Server;
  /** `http://host:port`, with the real port when 0 was asked for. */
  origin: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    } catch {
      // a header value Fetch refuses (control characters): dropped, as a proxy would
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(origin + (req.url ?? '/'), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  if (response.type === 'error') {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  if (headers['content-length'] === undefined && headers['x-job-contracts-fault'] === undefined) {
    // Buffer small bodies: one write with a Content-Length is what clients expect.
    const buffer = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(buffer.byteLength);
    res.writeHead(response.status, headers).end(buffer);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch {
    // A body that fails midway (the truncate fault): flush what was written, then close the
    // connection short of Content-Length so the client sees a truncated body.
    res.socket?.destroySoon();
  }
}

/** Serves a Fetch handler over node:http. */
export async function serve(handler: FetchHandler, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    let request: Request;
    try {
      request = toRequest(req, origin);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request', message: 'Malformed request line or URL.' }));
      return;
    }
    handler(request)
      .then((response) => send(response, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal', message: 'The mock failed; see its log.' }));
        else res.socket?.destroy();
      });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = error.code === 'HPE_HEADER_OVERFLOW' ? '{"error":"headers_too_large"}' : '{"error":"bad_request"}';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    else socket.destroy();
  });
  // CONNECT has no route here: answer it instead of dropping the connection unanswered.
  server.on('connect', (_req, socket) => {
    const body = '{"error":"method_not_allowed","message":"CONNECT is not supported."}';
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
