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

/** A bounded journal: the newest `capacity` entries, newest first when listed. */
export class Journal {
  readonly #entries: JournalEntry[] = [];
  #next = 0;
  #total = 0;

  constructor(readonly capacity = 1000) {}

  add(entry: JournalEntry): void {
    if (this.#entries.length < this.capacity) this.#entries.push(entry);
    else this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    this.#total++;
  }

  /** Entries, newest first, at most `limit`. */
  list(limit = this.capacity): JournalEntry[] {
    const n = this.#entries.length;
    const out: JournalEntry[] = [];
    for (let i = 1; i <= Math.min(limit, n); i++) out.push(this.#entries[(this.#next - i + n) % n] as JournalEntry);
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
