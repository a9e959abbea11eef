import { connect } from 'node:net';

/** A response read off a raw socket: what a client that sent bytes by hand would see. */
export interface RawAnswer {
  /** 0 when the connection closed (or timed out) before a status line arrived. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Set when the socket ended with an error or a timeout rather than a clean close. */
  failure?: string;
}

/** One request, byte for byte: header values may be Buffers with bytes fetch would refuse. */
export interface RawRequest {
  method: string;
  target: string | Buffer;
  headers?: Array<[string, string | Buffer]>;
  body?: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
}

/** Serialises a request; adds Host, Connection: close and the body framing. */
export function encodeRequest(request: RawRequest): Buffer {
  const parts: Buffer[] = [Buffer.from(`${request.method} `, 'latin1'), Buffer.isBuffer(request.target) ? request.target : Buffer.from(request.target, 'latin1'), Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n', 'latin1')];
  for (const [name, value] of request.headers ?? []) parts.push(Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'), Buffer.from('\r\n'));
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  if (body !== undefined && request.chunked) {
    parts.push(Buffer.from('Transfer-Encoding: chunked\r\n\r\n'));
    for (let at = 0; at < body.length; at += 16 * 1024) {
      const chunk = body.subarray(at, at + 16 * 1024);
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
  } else if (body !== undefined) {
    parts.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body);
  } else parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function decodeChunked(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Parses the first final response in `data` (1xx interim answers skipped); status 0 when there is none. */
export function parseResponse(data: Buffer): RawAnswer {
  while (/^HTTP\/1\.[01] 1\d\d /.test(data.subarray(0, 16).toString('latin1'))) {
    const interim = data.indexOf('\r\n\r\n');
    if (interim < 0) break;
    data = data.subarray(interim + 4);
  }
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: Buffer.alloc(0) };
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(end + 4);
  const length = headers['content-length'];
  const body = headers['transfer-encoding'] === 'chunked' ? decodeChunked(rest) : length !== undefined ? rest.subarray(0, Number(length)) : rest;
  return { status, headers, body };
}

/**
 * Sends raw bytes to 127.0.0.1 and reads until the server closes. The server may answer and
 * close before it has read the whole request (an early 401 or 413): a write error then is fine.
 */
export function sendRaw(origin: string, bytes: Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  const { port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `no answer within ${timeoutMs} ms`;
      socket.destroy();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error.code ?? error.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const answer = parseResponse(Buffer.concat(chunks));
      resolve(answer.status === 0 && failure !== undefined ? { ...answer, failure } : answer);
    });
    socket.end(bytes);
  });
}
