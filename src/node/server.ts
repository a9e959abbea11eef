import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { type HeadHeaders, isPlainAnswer, type PlainAnswer, type RequestHead } from '../core/head.js';

/**
 * A Fetch handler: the shape every door of the mock shares. A mock's handler also carries
 * `answerHead`, the same core answering from a request head, which this server uses for GETs.
 */
export type FetchHandler = ((request: Request) => Promise<Response>) & {
  answerHead?: (head: RequestHead) => Response | PlainAnswer | Promise<Response | PlainAnswer>;
};

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

// Paths the WHATWG URL parser keeps as they are (no dot segment, %2e, backslash, or character it
// would escape), so `pathname` is the raw path; any other target takes the Fetch way.
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
/**
 * Headers straight from node's parser, which already trimmed values and refused control
 * characters (so `Headers` would keep them as they are): `get` joins repeats with ", " and
 * `forEach` walks lowercase names in order, as `Headers` does.
 */
class RawHeaders implements HeadHeaders {
  constructor(private readonly raw: string[]) {}

  /** The same names and values, in the same order. */
  sameAs(other: HeadHeaders | undefined): boolean {
    if (!(other instanceof RawHeaders) || other.raw.length !== this.raw.length) return false;
    for (let i = 0; i < this.raw.length; i++) if (this.raw[i] !== other.raw[i]) return false;
    return true;
  }

  get(name: string): string | null {
    const raw = this.raw;
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      const n = raw[i] as string;
      if (n.length === wanted.length && n.toLowerCase() === wanted) value = value === null ? (raw[i + 1] as string) : `${value}, ${raw[i + 1]}`;
    }
    return value;
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    const raw = this.raw;
    const combined = new Map<string, string>();
    for (let i = 0; i < raw.length; i += 2) {
      const n = (raw[i] as string).toLowerCase();
      const previous = combined.get(n);
      combined.set(n, previous === undefined ? (raw[i + 1] as string) : `${previous}, ${raw[i + 1]}`);
    }
    for (const n of [...combined.keys()].sort()) callback.call(thisArg, combined.get(n) as string, n, this as unknown as Headers);
  }
}

/** A GET's head read from IncomingMessage; the Fetch Request is built only if asked for. */
class NodeHead implements RequestHead {
  readonly method = 'GET';
  readonly stable = true;
  readonly headers: RawHeaders;
  #request: Request | undefined;

  constructor(
    readonly pathname: string,
    private readonly req: IncomingMessage,
    private readonly origin: string,
  ) {
    this.headers = new RawHeaders(req.rawHeaders);
  }

  request(): Request {
    this.#request ??= toRequest(this.req, this.origin);
    return this.#request;
  }
}

/** The head of a plain GET, or undefined when it must take the Fetch way. */
function headOf(req: IncomingMessage, origin: string): RequestHead | undefined {
  const target = req.url ?? '/';
  const query = target.indexOf('?');
  const pathname = query === -1 ? target : target.slice(0, query);
  if (!PLAIN_PATH.test(pathname) || DOT_SEGMENT.test(pathname)) return undefined;
  // Set-Cookie is the one header `Headers` iterates unjoined: such requests take the Fetch way.
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if ((raw[i] as string).length === 10 && (raw[i] as string).toLowerCase() === 'set-cookie') return undefined;
  return new NodeHead(pathname, req, origin);
}

/** Writes a PlainAnswer as `send` would write the Response it stands for. */
function sendPlain(answer: PlainAnswer, res: ServerResponse): void {
  // Content-Length last, as `send` adds it after the sorted headers; the answer is ours to fill in.
  answer.headers['content-length'] = String(answer.bytes ?? Buffer.byteLength(answer.body));
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

/** Writes either kind of answer; a failure midway becomes a 500 or a closed connection. */
function write(answer: Response | PlainAnswer, res: ServerResponse): void {
  if (isPlainAnswer(answer)) sendPlain(answer, res);
  else send(answer, res).catch(() => failed(res));
}

function failed(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal', message: 'The mock failed; see its log.' }));
  else res.socket?.destroy();
}

/** Serves a Fetch handler over node:http. */
export async function serve(handler: FetchHandler, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const answerHead = handler.answerHead;
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    if (answerHead !== undefined && req.method === 'GET') {
      const head = headOf(req, origin);
      if (head !== undefined) {
        try {
          const answer = answerHead(head);
          if (answer instanceof Promise) answer.then((a) => write(a, res)).catch(() => failed(res));
          else write(answer, res);
        } catch {
          failed(res);
        }
        return;
      }
    }
    let request: Request;
    try {
      request = toRequest(req, origin);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request', message: 'Malformed request line or URL.' }));
      return;
    }
    handler(request)
      .then((response) => send(response, res))
      .catch(() => failed(res));
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
