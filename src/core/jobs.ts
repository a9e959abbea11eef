/**
 * One provider's jobs, owned by one mock (never module-level). Bounded: past `limit` live jobs
 * the oldest job created through the API is forgotten (it answers as an id that never existed);
 * pinned jobs (the ones seeded at start) stay. Deleted jobs are freed at once.
 */
import { ConfigError } from '../errors/index.js';
import type { JobIdentity } from './functions.js';
import type { Scenario } from './scenario.js';
import type { JobTally } from './tally.js';
import type { JobAction } from './timeline.js';

/** How many live jobs a provider keeps by default. */
export const DEFAULT_MAX_JOBS = 50_000;

/** A job's rendered getJob text for one timeline version, and the stretch of time it holds for. */
export interface RenderMemo {
  version: string;
  text: string;
  /** `text`'s length in UTF-8 bytes (its Content-Length). */
  bytes: number;
  headers: Record<string, string> | undefined;
  /** ms range of the job's own time (since creation) and action count the text holds for. */
  from: number;
  until: number;
  actions: number;
}

/** A job and what clients did to it: the only mutable per-job data a mock keeps. */
export interface Job {
  readonly identity: JobIdentity;
  /** Replaced when `--watch` reloads a new version of the scenario. */
  scenario: Scenario;
  /** The creating operation's `job` template (the document at creation is made from it, the
   *  scenario's and the provider's when needed, not kept: a job stays small). */
  readonly template: Record<string, unknown> | undefined;
  readonly parentId: string | undefined;
  polls: number;
  actions: JobAction[];
  deleted: boolean;
  memo: RenderMemo | undefined;
}

/** The jobs of one provider. */
export class JobStore {
  readonly #byId = new Map<string, Job>();
  readonly #pinned: Job[] = [];
  #order: Job[] = [];
  #head = 0;
  #created = 0;
  #evicted = 0;
  #gone = 0;
  /** Live jobs per tenant: a list's total without walking every job. */
  readonly #perTenant = new Map<string, number>();
  /** Counts by document values, told of every job that comes and goes. */
  #tally: JobTally | undefined;

  constructor(readonly limit = DEFAULT_MAX_JOBS) {
    if (!(limit >= 1)) throw new ConfigError(`maxJobs (--max-jobs) must be at least 1, got ${limit}.`);
  }

  /** Keeps `tally` told of every job from now on (a reload's new mock brings a new one): every
   *  live job is read again at its first count. */
  track(tally: JobTally): void {
    this.#tally = tally;
    for (const job of this.all()) tally.stale(job);
  }

  /** A job's course changed (a client acted on it): its remembered answer and counts are read again. */
  changed(job: Job): void {
    job.memo = undefined;
    this.#tally?.stale(job);
  }

  /** The index the next job gets (its creation order). */
  nextIndex(): number {
    return this.#created;
  }

  /** True when an id is taken by a live job. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Adds a job made for `nextIndex()`. */
  add(job: Job, pinned = false): Job {
    this.#created++;
    while (this.#byId.size >= this.limit && this.#evictOldest()) {
      // one job in, the oldest unpinned one out
    }
    this.#byId.set(job.identity.id, job);
    this.#perTenant.set(job.identity.tenant, (this.#perTenant.get(job.identity.tenant) ?? 0) + 1);
    if (pinned) this.#pinned.push(job);
    else this.#order.push(job);
    this.#tally?.stale(job);
    return job;
  }

  #evictOldest(): boolean {
    while (this.#head < this.#order.length) {
      const job = this.#order[this.#head++] as Job;
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

  /** Deletes a job: it answers as an id that never existed. */
  remove(job: Job): void {
    if (job.deleted || this.#byId.get(job.identity.id) !== job) return;
    this.#forget(job);
    const pinned = this.#pinned.indexOf(job);
    if (pinned !== -1) this.#pinned.splice(pinned, 1);
    else {
      this.#gone++;
      this.#compact();
    }
  }

  #forget(job: Job): void {
    job.deleted = true;
    job.memo = undefined;
    this.#byId.delete(job.identity.id);
    this.#perTenant.set(job.identity.tenant, (this.#perTenant.get(job.identity.tenant) ?? 1) - 1);
    this.#tally?.removed(job);
  }

  /** How many live jobs a tenant has. */
  countOf(tenant: string): number {
    return this.#perTenant.get(tenant) ?? 0;
  }

  get(id: string): Job | undefined {
    return this.#byId.get(id);
  }

  /** Live jobs: the pinned ones, then the rest, each oldest first. */
  all(): Job[] {
    const out = this.#pinned.slice();
    for (let i = this.#head; i < this.#order.length; i++) {
      const job = this.#order[i] as Job;
      if (!job.deleted) out.push(job);
    }
    return out;
  }

  /** Live jobs newest first, stopping once `visit` returns false: lists cost O(page), not O(jobs). */
  eachNewest(visit: (job: Job) => boolean): void {
    for (let i = this.#order.length - 1; i >= this.#head; i--) {
      const job = this.#order[i] as Job;
      if (!job.deleted && !visit(job)) return;
    }
    for (let i = this.#pinned.length - 1; i >= 0; i--) if (!visit(this.#pinned[i] as Job)) return;
  }

  get size(): number {
    return this.#byId.size;
  }

  get evicted(): number {
    return this.#evicted;
  }

  clear(): void {
    this.#tally?.cleared();
    this.#byId.clear();
    this.#perTenant.clear();
    this.#pinned.length = 0;
    this.#order = [];
    this.#head = 0;
    this.#created = 0;
    this.#evicted = 0;
    this.#gone = 0;
  }
}
