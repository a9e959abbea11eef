/**
 * osapi's one template function data cannot say: the reason Go's google/uuid gives for a path id
 * it cannot parse, for the framework's 400 `{message}` (specs/osapi.yaml, `errors.malformed-id`).
 */
import type { FunctionTable } from '../../core/functions.js';

/** What google/uuid says about a string it cannot parse (its length counted in bytes, as Go does). */
export function goUuidError(raw: string): string {
  const length = new TextEncoder().encode(raw).length;
  return [32, 36, 38, 45].includes(length) ? 'invalid UUID format' : `invalid UUID length: ${length}`;
}

export const functions: FunctionTable = {
  // The path id as the client sent it (up to the 200 characters errors echo).
  uuidError: (_args, _pointer, call) => goUuidError(String(call('id') ?? '')),
};
