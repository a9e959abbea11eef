/**
 * Per tenant, how many live jobs hold each value at a few pointers of their document (a list's
 * `{{countBy …}}` and its filters), kept as jobs change instead of read off every job on every
 * list: a list costs O(page + jobs whose document may have changed since the last list).
 *
 * A job's document is a pure function of its scenario, its actions and its position, so it only
 * changes (a) when its clock time reaches its next step (time clocks), (b) when it is polled (poll
 * clock) or (c) when it is created, acted on, reloaded or removed. (a) is a min-heap of each job's
 * next-change time, popped up to now before counts are read; (b) reaches us through `saw`, which
 * the mock calls with every timeline it computes for an answer (every poll computes one);
 * (c) marks the job to be read again at the next read of the counts (`stale`), or forgets it.
 */
import FlatQueue from 'flatqueue';
import type { Operation } from '../contracts/spec.js';
import type { OperationMock } from './definition.js';
import type { Job, JobStore } from './jobs.js';
import { getAt, isObject } from './pointer.js';
import { listPointers } from './roles.js';
import type { Timeline } from './timeline.js';

/** A job's values at the tracked pointers now, and the clock time (epoch ms) they may next
 *  change at by time alone (Infinity: only when the job is polled or acted on). */
export interface Reading {
  values: string[];
  changesAt: number;
}

/** One job's last reading; `values` undefined: to be read at the next settle. */
interface Entry {
  job: Job;
  values: string[] | undefined;
  changesAt: number;
}

const NONE: ReadonlyMap<string, number> = new Map();

/** How the tally reads a job: its timeline now, and whether documents move with time. */
export interface TallyOptions {
  timeline: (job: Job) => Timeline;
  /** True for time clocks (wall, manual); false when jobs move per poll. */
  byTime: boolean;
  now: () => number;
}

/** The counts of one provider's jobs. */
export class JobTally {
  readonly #entries = new Map<Job, Entry>();
  /** tenant → per tracked pointer → value → live jobs holding it (no zero entries). */
  readonly #counts = new Map<string, Array<Map<string, number>>>();
  readonly #due = new FlatQueue<Entry>();
  readonly #slot: Map<string, number>;

  constructor(
    readonly pointers: readonly string[],
    private readonly options: TallyOptions,
  ) {
    this.#slot = new Map(pointers.map((p, i) => [p, i]));
  }

  /** A job that may have changed (created, acted on, reloaded): read again at the next settle. */
  stale(job: Job): void {
    if (this.pointers.length > 0 && !job.deleted) this.#replace({ job, values: undefined, changesAt: Number.NEGATIVE_INFINITY });
  }

  /** A job's timeline the mock has just computed now anyway (a poll, a render); returns it. */
  saw(job: Job, line: Timeline): Timeline {
    if (this.#entries.has(job) && !job.deleted) this.#replace({ job, ...this.#reading(job, line) });
    return line;
  }

  removed(job: Job): void {
    const entry = this.#entries.get(job);
    if (!entry) return;
    this.#count(entry, -1);
    this.#entries.delete(job);
  }

  cleared(): void {
    this.#entries.clear();
    this.#counts.clear();
    this.#due.clear();
    this.#due.shrink();
  }

  /** A tenant's live jobs by their value at `pointer` (one of `pointers`). */
  countsOf(tenant: string, pointer: string): ReadonlyMap<string, number> {
    const slot = this.#slotOf(pointer);
    this.#settle();
    return this.#counts.get(tenant)?.[slot] ?? NONE;
  }

  /** A live job's value at `pointer` (one of `pointers`) now. */
  valueOf(job: Job, pointer: string): string {
    const slot = this.#slotOf(pointer);
    this.#settle();
    return this.#entries.get(job)?.values?.[slot] ?? String(undefined);
  }

  #slotOf(pointer: string): number {
    const slot = this.#slot.get(pointer);
    if (slot === undefined) throw new Error(`the job tally does not track ${pointer}`);
    return slot;
  }

  /** A job's values in a timeline computed now, and when they may next change by time alone. */
  #reading(job: Job, line: Timeline): Reading {
    const { byTime, now } = this.options;
    let next = byTime ? (line.nextAt ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
    // An action stamped later than the job's time now (a clock set back) changes it when reached.
    if (byTime) {
      const ms = now() - job.identity.createdAt;
      for (const action of job.actions) if (action.ms > ms && action.ms < next) next = action.ms;
    }
    return { values: this.pointers.map((p) => String(getAt(line.doc, p))), changesAt: job.identity.createdAt + next };
  }

  /** Reads again every job whose next-change time has come. */
  #settle(): void {
    const now = this.options.now();
    while (this.#due.length > 0 && (this.#due.peekValue() as number) <= now) {
      const entry = this.#due.pop() as Entry;
      // Replaced or removed since it was queued: a later entry (or none) speaks for the job.
      if (this.#entries.get(entry.job) === entry) this.#replace({ job: entry.job, ...this.#reading(entry.job, this.options.timeline(entry.job)) });
    }
  }

  #replace(next: Entry): void {
    const before = this.#entries.get(next.job);
    if (before) this.#count(before, -1);
    this.#entries.set(next.job, next);
    this.#count(next, 1);
    if (next.changesAt === Number.POSITIVE_INFINITY) return;
    this.#due.push(next, next.changesAt);
    // Replaced entries stay queued until popped: rebuild once they outnumber the live ones.
    if (this.#due.length > 2 * this.#entries.size + 1024) {
      this.#due.clear();
      for (const entry of this.#entries.values()) if (entry.changesAt !== Number.POSITIVE_INFINITY) this.#due.push(entry, entry.changesAt);
      this.#due.shrink();
    }
  }

  #count(entry: Entry, delta: 1 | -1): void {
    if (entry.values === undefined) return;
    const tenant = entry.job.identity.tenant;
    let tables = this.#counts.get(tenant);
    if (!tables) this.#counts.set(tenant, (tables = this.pointers.map(() => new Map<string, number>())));
    for (let i = 0; i < entry.values.length; i++) {
      const table = tables[i] as Map<string, number>;
      const value = entry.values[i] as string;
      const n = (table.get(value) ?? 0) + delta;
      if (n === 0) table.delete(value);
      else table.set(value, n);
    }
  }
}

/** The tally of the pointers a provider's list operations filter and count by, told of every job
 *  of `store` from now on. */
export function tallyLists(operations: readonly Operation[], store: JobStore, options: TallyOptions): JobTally {
  const pointers = operations.filter((op) => op.role === 'listJobs').flatMap((op) => listPointers((isObject(op.mock) ? op.mock : {}) as OperationMock));
  const tally = new JobTally([...new Set(pointers)], options);
  store.track(tally);
  return tally;
}
