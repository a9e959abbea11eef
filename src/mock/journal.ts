/** One request the mock answered, credentials redacted. */
export interface JournalEntry {
  at: string;
  provider: string | null;
  method: string;
  path: string;
  operation: string | null;
  tenant: string | null;
  status: number;
  fault: string | null;
  headers: Record<string, string>;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);

/** Copies request headers with credentials replaced by `[redacted]`. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value.slice(0, 200);
  });
  return out;
}

/**
 * Redacted headers that many entries share (a client polling with the same headers): one
 * object for all of them while kept, a copy of its own for each entry once listed.
 */
export class SharedHeaders {
  constructor(readonly record: Readonly<Record<string, string>>) {}
}

/**
 * An entry as added: `at` may be epoch ms and `headers` shared; both become what JournalEntry
 * says only if the entry is ever listed (most never are), so keeping one costs little.
 */
export type JournalInput = Omit<JournalEntry, 'at' | 'headers'> & {
  at: string | number;
  headers: JournalEntry['headers'] | SharedHeaders;
};

/** A bounded journal: the newest `capacity` entries, newest first when listed. */
export class Journal {
  readonly #entries: JournalInput[] = [];
  #next = 0;
  #total = 0;

  constructor(readonly capacity = 1000) {}

  add(entry: JournalInput): void {
    if (this.#entries.length < this.capacity) this.#entries.push(entry);
    else this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    this.#total++;
  }

  /** Entries, newest first, at most `limit`. */
  list(limit = this.capacity): JournalEntry[] {
    const n = this.#entries.length;
    const out: JournalEntry[] = [];
    for (let i = 1; i <= Math.min(limit, n); i++) {
      const entry = this.#entries[(this.#next - i + n) % n] as JournalInput;
      if (typeof entry.at === 'number') entry.at = new Date(entry.at).toISOString();
      if (entry.headers instanceof SharedHeaders) entry.headers = { ...entry.headers.record };
      out.push(entry as JournalEntry);
    }
    return out;
  }

  /** How many entries are kept now, and how many were ever added. */
  get size(): { kept: number; total: number } {
    return { kept: this.#entries.length, total: this.#total };
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
  }
}
