/**
 * The machine's ceiling: a bare node:http server answering each path with a precomputed JSON
 * body of a given byte size (the size of the mock's getJob body). Child process of the bench.
 * argv: <port> <json {path: bytes}>. Prints {"port": n} when listening.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const sizes = JSON.parse(process.argv[3] ?? '{}') as Record<string, number>;

function bodyOf(bytes: number): Buffer {
  const filler = Math.max(0, bytes - '{"pad":""}'.length);
  return Buffer.from(`{"pad":"${'x'.repeat(filler)}"}`);
}

// Same headers as the mock sends (a 26-character request id included), precomputed.
const answers = new Map(
  Object.entries(sizes).map(([path, bytes]) => {
    const body = bodyOf(bytes);
    return [path, { body, headers: { 'content-type': 'application/json', 'x-request-id': '01KAAAAAAAAAAAAAAAAAAAAAAA', 'content-length': String(body.byteLength) } }];
  }),
);
const missing = Buffer.from('{"error":"not_found"}');

createServer((req, res) => {
  const answer = answers.get(req.url ?? '');
  if (!answer) {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': String(missing.byteLength) }).end(missing);
    return;
  }
  res.writeHead(200, answer.headers).end(answer.body);
}).listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
