import type { Clock } from './clock.js';
import { type HeadHeaders, isPlainAnswer, type PlainAnswer, type RequestHead } from './head.js';
import { type Journal, redactHeaders, SharedHeaders } from './journal.js';

/** What a request's journal entry records besides method, path and headers. */
export interface JournalNote {
  operation: string | null;
  tenant: string | null;
  fault: string | null;
}

/**
 * Adds each answered request to the journal. A client polls with the same headers and path
 * again and again: node:http's requests with the very same ones share one redacted copy and
 * one path string, so the entries kept alive cost the garbage collector little.
 */
export function createRecorder(journal: Journal, provider: string, clock: Clock): (head: RequestHead, note: JournalNote, response: Response | PlainAnswer, at?: number) => void {
  let lastHeaders: HeadHeaders | undefined;
  let lastShared: SharedHeaders | undefined;
  let lastPath = '';
  return (head, note, response, at = clock.now()) => {
    // redactHeaders only iterates (forEach), which a head's headers do as Headers would.
    let headers: Record<string, string> | SharedHeaders;
    if (!head.stable) headers = redactHeaders(head.headers as Headers);
    else if (lastShared !== undefined && head.headers.sameAs?.(lastHeaders)) headers = lastShared;
    else {
      lastShared = new SharedHeaders(redactHeaders(head.headers as Headers));
      lastHeaders = head.headers;
      headers = lastShared;
    }
    if (head.pathname !== lastPath) lastPath = head.pathname;
    journal.add({
      at,
      provider,
      method: head.method,
      path: lastPath,
      operation: note.operation,
      tenant: note.tenant,
      status: isPlainAnswer(response) ? response.status : response.type === 'error' ? 0 : response.status,
      fault: note.fault,
      headers,
    });
  };
}
