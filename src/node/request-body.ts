import type { IncomingMessage } from 'node:http';
import { rawHeader } from './raw-headers.js';

/**
 * Past this many bytes left unread when the answer is sent, the connection is closed
 * (announced with `Connection: close`) instead of drained: draining a huge upload costs more
 * than the client's reconnect.
 */
export const DRAIN_LIMIT = 64 * 1024 * 1024;

const drains = new WeakMap<IncomingMessage, () => void>();

/**
 * The request body as a web stream. Unlike `Readable.toWeb`, cancelling it (the body limit)
 * does not destroy the request, which would reset the kept-alive connection under the answer
 * and fail the client's next request: what is left is drained after the answer (drainRest).
 */
export function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let draining = false;
  let drained = 0;
  const drain = () => {
    if (draining || req.readableEnded) return;
    draining = true;
    req.resume();
  };
  drains.set(req, drain);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (draining) {
          drained += chunk.byteLength;
          if (drained > DRAIN_LIMIT) req.socket.destroy();
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once('end', () => {
        if (!draining) controller.close();
      });
      req.once('error', (error) => {
        if (!draining) controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      drain();
    },
  });
}

/** After the answer: reads and discards the body's unread rest, so the connection stays usable. */
export function drainRest(req: IncomingMessage): void {
  drains.get(req)?.();
}

/** True when so much of the body is still unread that the connection should close after the answer. */
export function closeAfterAnswer(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const declared = Number(rawHeader(req.rawHeaders, 'content-length', true));
  // Unknown length (chunked) is drained up to DRAIN_LIMIT as it comes.
  return Number.isFinite(declared) && declared > DRAIN_LIMIT;
}
