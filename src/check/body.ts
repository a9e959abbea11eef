/**
 * Reading and parsing answers with bounds: a byte cap while streaming (a 200 MB or endless body
 * is cut, never held), and a nesting cap before JSON.parse (a JSON bomb is refused, never
 * recursed into by the validators).
 */
import { jsonDepth } from '../contracts/json-depth.js';

export { jsonDepth };

/** How a body read ended. */
export type BodyRead =
  | { kind: 'ok'; text: string; bytes: number }
  | { kind: 'too-large'; bytes: number; head: string }
  | { kind: 'failed'; bytes: number; head: string; error: unknown };

/** Reads a body up to `maxBytes`; cancels the stream as soon as the cap is passed. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<BodyRead> {
  if (!body) return { kind: 'ok', text: '', bytes: 0 };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const head = () => new TextDecoder().decode(Buffer.concat(chunks).subarray(0, 200));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large', bytes, head: head() };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { kind: 'failed', bytes, head: head(), error };
  }
  return { kind: 'ok', text: new TextDecoder().decode(Buffer.concat(chunks)), bytes };
}

/** A parsed body: JSON, empty, text of a non-JSON media type, or why it could not be read. */
export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'invalid-json'; message: string }
  | { kind: 'too-deep'; depth: number };

function isJsonType(contentType: string | null): boolean {
  if (contentType === null) return true;
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return base === 'application/json' || base.endsWith('+json') || base === 'text/json';
}

/** Parses a body as its Content-Type says (or as JSON when it looks like JSON). */
export function parseBody(text: string, contentType: string | null, maxDepth: number): ParsedBody {
  if (text.trim() === '') return { kind: 'empty' };
  const looksJson = /^\s*[[{"]/.test(text);
  if (!isJsonType(contentType) && !looksJson) return { kind: 'text', text };
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) return { kind: 'too-deep', depth };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    if (!isJsonType(contentType)) return { kind: 'text', text };
    return { kind: 'invalid-json', message: (error as Error).message };
  }
}
