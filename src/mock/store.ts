import { ConfigError, UsageError } from '../errors/index.js';
import { createRandom } from '../engine/random.js';
import type { Scenario } from '../engine/scenario.js';
import type { JobAction } from '../engine/timeline.js';
import type { JobRecord, ProviderAdapter } from '../providers/adapter.js';

/** A job and what clients did to it. The only mutable per-job data a mock keeps. */
export interface StoredJob {
  record: JobRecord;
  polls: number;
  actions: JobAction[];
  deleted: boolean;
  /** The last rendered getJob body, keyed by timeline version. */
  cache: { version: string; text: string } | undefined;
}

/** How many live jobs a provider keeps by default before the oldest created through the API go. */
export const DEFAULT_MAX_JOBS = 50_000;

/**
 * One provider's jobs, owned by one mock instance (never module-level). Bounded: past `limit`
 * live jobs, the oldest job created through the API is forgotten (it answers as an id that never
 * existed); pinned jobs (the ones seeded at start and printed in the table) stay. Deleted jobs
 * are freed at once.
 */
export class JobStore {
  readonly #byId = new Map<string, StoredJob>();
  /** Pinned jobs, in creation order; never evicted. */
  readonly #pinned: StoredJob[] = [];
  /** Other jobs in creation order from #head on (evicted and deleted ones are skipped). */
  #order: StoredJob[] = [];
  #head = 0;
  #created = 0;
  #evicted = 0;
  #gone = 0; // deleted jobs still in #order at or after #head

  constructor(
    readonly adapter: ProviderAdapter,
    readonly seed: string,
    readonly limit = DEFAULT_MAX_JOBS,
  ) {
    if (!(limit >= 1)) throw new ConfigError(`maxJobs (--max-jobs) must be at least 1, got ${limit}.`);
  }

  /** Creates a job; its id and randomness follow from (seed, provider, creation order). */
  create(options: { scenario: Scenario; tenant: string; createdAt: number; input?: Record<string, unknown>; parentId?: string; id?: string; jobType?: string; pinned?: boolean }): StoredJob {
    const index = this.#created++;
    const idSource = createRandom(`${this.seed}:${this.adapter.id}:job:${index}`);
    if (options.id !== undefined && this.#byId.has(options.id)) throw new UsageError(`a ${this.adapter.id} job with id ${options.id} exists already: pick another id, or leave it out for a fresh one.`);
    let id = options.id ?? this.adapter.newJobId(idSource, index, options.createdAt);
    for (let retry = 1; this.#byId.has(id) && options.id === undefined; retry++) id = this.adapter.newJobId(idSource.child(`retry${retry}`), index, options.createdAt);
    const record: JobRecord = {
      id,
      provider: this.adapter.id,
      tenant: options.tenant,
      scenario: options.scenario,
      createdAt: options.createdAt,
      index,
      input: options.input ?? options.scenario.input ?? {},
      random: createRandom(`${this.seed}:${this.adapter.id}:${id}`),
      ...(options.parentId !== undefined ? { parentId: options.parentId } : {}),
      ...(options.jobType !== undefined ? { jobType: options.jobType } : {}),
    };
    while (this.#byId.size >= this.limit && this.#evictOldest()) {
      // one job in, the oldest unpinned one out
    }
    const job: StoredJob = { record, polls: 0, actions: [], deleted: false, cache: undefined };
    this.#byId.set(id, job);
    if (options.pinned) this.#pinned.push(job);
    else this.#order.push(job);
    return job;
  }

  /** Forgets the oldest live unpinned job; false when there is none. */
  #evictOldest(): boolean {
    while (this.#head < this.#order.length) {
      const job = this.#order[this.#head++] as StoredJob;
      if (job.deleted) {
        this.#gone--;
        continue;
      }
      this.#forget(job);
      this.#evicted++;
      this.#compact();
      return true;
    }
    return false;
  }

  /** Drops forgotten entries from the order once they are most of it. */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
    if (this.#gone > 1024 && this.#gone * 2 > this.#order.length - this.#head) {
      this.#order = this.#order.slice(this.#head).filter((j) => !j.deleted);
      this.#head = 0;
      this.#gone = 0;
    }
  }

  /** Deletes a job (the provider's delete operation): it answers as an id that never existed. */
  remove(job: StoredJob): void {
    if (job.deleted || this.#byId.get(job.record.id) !== job) return;
    this.#forget(job);
    const pinned = this.#pinned.indexOf(job);
    if (pinned !== -1) this.#pinned.splice(pinned, 1);
    else {
      this.#gone++;
      this.#compact();
    }
  }

  /** Marks a job gone and frees what it holds; its entry in an order list goes later. */
  #forget(job: StoredJob): void {
    job.deleted = true;
    job.cache = undefined;
    this.#byId.delete(job.record.id);
  }

  /** The job with this id, if it exists and was not deleted or evicted (any tenant). */
  get(id: string): StoredJob | undefined {
    return this.#byId.get(id);
  }

  /** Live jobs: the pinned ones, then the rest, each oldest first. */
  all(): StoredJob[] {
    const out = this.#pinned.slice();
    for (let i = this.#head; i < this.#order.length; i++) {
      const job = this.#order[i] as StoredJob;
      if (!job.deleted) out.push(job);
    }
    return out;
  }

  /** How many jobs are live. */
  get size(): number {
    return this.#byId.size;
  }

  /** How many jobs were forgotten to stay within the limit since the last clear. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Forgets every job and restarts the id sequence. */
  clear(): void {
    this.#byId.clear();
    this.#pinned.length = 0;
    this.#order = [];
    this.#head = 0;
    this.#created = 0;
    this.#evicted = 0;
    this.#gone = 0;
  }
}
