import type { Fault } from './fault.js';
import type { ErrorContext, Wire as WireResponse } from './answers.js';
import type { ErrorKind } from './definition.js';

/** How a fault turns into an answer; `answer` is what the request would have got. */
export interface FaultInput {
  fault: Fault;
  answer: () => WireResponse;
  error: (kind: ErrorKind, extra?: Partial<ErrorContext>) => WireResponse;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter, seeded. */
  jitter: number;
  toResponse: (wire: WireResponse) => Response;
}

/** Builds the faulty response: an error status, a delay, a broken body or a reset. */
export async function faultResponse(input: FaultInput): Promise<Response> {
  const { fault } = input;
  switch (fault.kind) {
    case 'latency':
      await input.sleep((fault.ms ?? 1000) + Math.floor(input.jitter * (fault.jitterMs ?? 0)));
      return input.toResponse(input.answer());
    case '500':
      return input.toResponse(input.error('server-error'));
    case '502':
      return input.toResponse(input.error('bad-gateway'));
    case '503': {
      const retryAfter = fault.retryAfter ?? 1;
      const wire = input.error('unavailable', { retryAfter });
      return input.toResponse({ ...wire, headers: { ...wire.headers, 'retry-after': String(retryAfter) } });
    }
    case '429': {
      const retryAfter = fault.retryAfter ?? 1;
      const wire = input.error('rate-limited', { retryAfter });
      return input.toResponse({ ...wire, headers: { ...wire.headers, 'retry-after': String(retryAfter) } });
    }
    case 'invalid-json': {
      const wire = input.answer();
      const text = JSON.stringify(wire.body ?? {});
      return new Response(`${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}<!-- not json`, {
        status: wire.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    case 'truncate': {
      const wire = input.answer();
      const bytes = new TextEncoder().encode(JSON.stringify(wire.body ?? {}));
      const half = bytes.slice(0, Math.max(1, Math.floor(bytes.length / 2)));
      const body = new ReadableStream<Uint8Array>({
        // Half the bytes first; the error comes on the next pull (error() would drop queued chunks).
        start(controller) {
          controller.enqueue(half);
        },
        pull(controller) {
          controller.error(new Error('job-contracts: truncated body (fault)'));
        },
      });
      return new Response(body, {
        status: wire.status,
        headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), 'x-job-contracts-fault': 'truncate' },
      });
    }
    case 'reset':
      return Response.error();
  }
}
