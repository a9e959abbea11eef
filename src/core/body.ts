import { jsonDepth } from '../contracts/json-depth.js';

/** A request body read with a byte cap, decoded as strict UTF-8 and parsed as JSON. */
export type BodyResult =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'too-large' }
  | { kind: 'invalid'; message: string };

/** Deepest nesting accepted: a deeper body would overflow the stack wherever it is echoed back. */
export const MAX_DEPTH = 256;

/** Reads at most `limit` bytes; more is `too-large` (the rest is not read). */
export async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) return { kind: 'too-large' };
  if (!request.body) return { kind: 'empty' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-body (or broke the framing): a client error, not the mock's.
      return { kind: 'invalid', message: 'Request body ended before it was complete.' };
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'too-large' };
    }
    chunks.push(value);
  }
  if (size === 0) return { kind: 'empty' };
  let text: string;
  try {
    // One decoder across the chunks (a character may straddle two); no Buffer: the core runs in browsers too.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    text = chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode();
  } catch {
    return { kind: 'invalid', message: 'Request body is not valid UTF-8.' };
  }
  if (text.trim() === '') return { kind: 'empty' };
  if (jsonDepth(text, MAX_DEPTH) > MAX_DEPTH) return { kind: 'invalid', message: `Request body nests deeper than ${MAX_DEPTH} levels.` };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'invalid', message: `Request body is not valid JSON: ${(error as Error).message.slice(0, 120)}` };
  }
}
