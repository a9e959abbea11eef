import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { addCorsHeaders, isPreflight, preflightHeaders } from './cors.js';
import { isPlainAnswer, type PlainAnswer, type RequestHead } from '../core/head.js';
import { rawHeader, RawHeaders } from './raw-headers.js';
import { bodyStream, closeAfterAnswer, drainRest } from './request-body.js';

/**
 * A Fetch handler: the shape every door of the mock shares. A mock's handler also carries
 * `answerHead`, the same core answering from a request head, which this server uses for GETs.
 */
export type FetchHandler = ((request: Request) => Promise<Response>) & {
  answerHead?: (head: RequestHead) => Response | PlainAnswer | Promise<Response | PlainAnswer>;
};

/** How to serve: address, CORS (on unless `cors: false`), and where failures are logged. */
export interface ServeOptions {
  host?: string;
  port?: number;
  /** CORS headers on every answer and preflights answered (default true; `--no-cors`). */
  cors?: boolean;
  /** Where the cause of a 500 "see its log" goes (default: stderr). */
  log?: (line: string) => void;
}

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
  // HEAD is answered as the GET it stands for; node:http leaves the body out (RFC 9110 9.3.2).
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const hasBody = method !== 'GET';
  return new Request(origin + (req.url ?? '/'), {
    method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * Headers the HTTP layer adds to every answer: CORS (unless off), and `Connection: close` when
 * too much of the request body is left to drain.
 */
function layerHeaders(req: IncomingMessage, headers: Record<string, string | string[]>, cors: boolean): void {
  if (cors) addCorsHeaders(headers, rawHeader(req.rawHeaders, 'origin'));
  if (closeAfterAnswer(req)) headers.connection = 'close';
}

async function send(response: Response, res: ServerResponse, cors: boolean): Promise<void> {
  if (response.type === 'error') {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  layerHeaders(res.req, headers, cors);
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
/** A GET's head read from IncomingMessage; the Fetch Request is built only if asked for. */
class NodeHead implements RequestHead {
  readonly method = 'GET';
  readonly stable = true;
  readonly headers: RawHeaders;
  #request: Request | undefined;

  constructor(
    readonly pathname: string,
    readonly search: string,
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
  if (rawHeader(req.rawHeaders, 'set-cookie') !== undefined) return undefined;
  // A raw query is what `new URL(…).search` gives for these targets, but for a bare `?`.
  return new NodeHead(pathname, query === -1 || query === target.length - 1 ? '' : target.slice(query), req, origin);
}

/** Writes a PlainAnswer as `send` would write the Response it stands for. */
function sendPlain(answer: PlainAnswer, res: ServerResponse, cors: boolean): void {
  // Content-Length last, as `send` adds it after the sorted headers; the answer is ours to fill in.
  answer.headers['content-length'] = String(answer.bytes ?? Buffer.byteLength(answer.body));
  layerHeaders(res.req, answer.headers, cors);
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

/** A JSON answer the HTTP layer makes itself (before or around routing). */
function layerAnswer(res: ServerResponse, status: number, body: { error: string; message: string }, cors: boolean): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) };
  layerHeaders(res.req, headers, cors);
  res.writeHead(status, headers).end(text);
}

/**
 * The same, written straight to a socket the HTTP parser gave up on (no request to answer
 * through). With CORS on, a browser may read it too: its Origin is unknown (the headers did not
 * parse), so `*`.
 */
function socketAnswer(socket: Duplex, status: string, body: { error: string; message: string }, cors: boolean): void {
  const text = JSON.stringify(body);
  const allow = cors ? 'Access-Control-Allow-Origin: *\r\n' : '';
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\n${allow}Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  else socket.destroy();
}

/** The path and query of an absolute-form target (`GET http://host/path HTTP/1.1`, RFC 9112 3.2.2). */
function originForm(target: string): string {
  if (target.startsWith('/') || !/^https?:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    return url.pathname + url.search;
  } catch {
    return target;
  }
}

// node:http's parser errors, as JSON answers in the mock's own `{error, message}` shape.
const PARSER_ERRORS: Record<string, [status: string, error: string, message: string]> = {
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'headers_too_large', 'The request headers are larger than the mock accepts (16 KiB).'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'request_timeout', 'The request did not arrive in time.'],
  HPE_INVALID_CHUNK_SIZE: ['400 Bad Request', 'bad_request', 'Malformed chunked body (bad chunk size).'],
  HPE_STRICT: ['400 Bad Request', 'bad_request', 'Malformed chunked body or line ending.'],
};

/** Serves a Fetch handler over node:http. */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const cors = options.cors !== false;
  const log = options.log ?? ((line: string) => void process.stderr.write(line));
  let origin = '';
  const answerHead = handler.answerHead;

  /** The 500 whose message sends the reader to the log: the cause goes there. */
  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    log(`job-contracts: ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}\n`);
    if (!res.headersSent) layerAnswer(res, 500, { error: 'internal', message: 'The mock failed; see its log.' }, cors);
    else res.socket?.destroy();
  };
  const write = (req: IncomingMessage, answer: Response | PlainAnswer, res: ServerResponse) => {
    if (isPlainAnswer(answer)) sendPlain(answer, res, cors);
    else send(answer, res, cors).catch((error: unknown) => failed(req, res, error));
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    req.url = originForm(req.url ?? '/');
    if (cors && req.method === 'OPTIONS' && isPreflight(req.method, req.headers.origin, req.headers['access-control-request-method'] as string | undefined)) {
      res.writeHead(204, preflightHeaders(req.headers.origin as string, req.headers['access-control-request-headers'])).end();
      return;
    }
    if (answerHead !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      const head = headOf(req, origin);
      if (head !== undefined) {
        try {
          const answer = answerHead(head);
          if (answer instanceof Promise) answer.then((a) => write(req, a, res)).catch((error: unknown) => failed(req, res, error));
          else write(req, answer, res);
        } catch (error) {
          failed(req, res, error);
        }
        return;
      }
    }
    // Whatever body the answer left unread is drained, so the kept-alive connection stays usable
    // (a GET's or HEAD's is never read: node:http discards it once the answer is sent).
    if (req.method !== 'GET' && req.method !== 'HEAD') res.once('finish', () => drainRest(req));
    let request: Request;
    try {
      request = toRequest(req, origin);
    } catch {
      layerAnswer(res, 400, { error: 'bad_request', message: 'Malformed request target or URL.' }, cors);
      return;
    }
    handler(request)
      .then((response) => send(response, res, cors))
      .catch((error: unknown) => failed(req, res, error));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const [status, code, message] = PARSER_ERRORS[error.code ?? ''] ?? ['400 Bad Request', 'bad_request', `Malformed HTTP request (${error.code ?? 'parse error'}).`];
    // A request whose answer is already on its way (a body that broke off mid-chunk): just close.
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (pending?.headersSent) socket.destroy();
    else socketAnswer(socket, status, { error: code, message }, cors);
  });
  // Node answers Expect: 100-continue itself; any other expectation gets this instead of a bare 417.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    res.shouldKeepAlive = false;
    layerAnswer(res, 417, { error: 'expectation_failed', message: `Expect: ${String(req.headers.expect).slice(0, 100)} cannot be met; only 100-continue is supported.` }, cors);
  });
  // CONNECT has no route here: answer it instead of dropping the connection unanswered.
  server.on('connect', (_req, socket: Duplex) => {
    socketAnswer(socket, '405 Method Not Allowed', { error: 'method_not_allowed', message: 'CONNECT is not supported.' }, cors);
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
