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

/** One provider's jobs, owned by one mock instance (never module-level). */
export class JobStore {
  readonly #byId = new Map<string, StoredJob>();
  readonly #order: StoredJob[] = [];
  #created = 0;

  constructor(
    readonly adapter: ProviderAdapter,
    readonly seed: string,
  ) {}

  /** Creates a job; its id and randomness follow from (seed, provider, creation order). */
  create(options: { scenario: Scenario; tenant: string; createdAt: number; input?: Record<string, unknown>; parentId?: string; id?: string; jobType?: string }): StoredJob {
    const index = this.#created++;
    const idSource = createRandom(`${this.seed}:${this.adapter.id}:job:${index}`);
    if (options.id !== undefined && this.#byId.has(options.id)) throw new Error(`job-contracts: a ${this.adapter.id} job with id ${options.id} exists already.`);
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
    const job: StoredJob = { record, polls: 0, actions: [], deleted: false, cache: undefined };
    this.#byId.set(id, job);
    this.#order.push(job);
    return job;
  }

  /** The job with this id, if it exists and was not deleted (any tenant). */
  get(id: string): StoredJob | undefined {
    const job = this.#byId.get(id);
    return job && !job.deleted ? job : undefined;
  }

  /** Live jobs, oldest first. */
  all(): StoredJob[] {
    return this.#order.filter((j) => !j.deleted);
  }

  /** How many jobs are live. */
  get size(): number {
    return this.#byId.size;
  }

  /** Forgets every job and restarts the id sequence. */
  clear(): void {
    this.#byId.clear();
    this.#order.length = 0;
    this.#created = 0;
  }
}
