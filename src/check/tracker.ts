/**
 * A job's life across polls: each snapshot against the spec's `x-job-lifecycle` (states,
 * fields that belong to a state), each pair of snapshots against its transitions and
 * invariants, and timestamps, which never go back.
 */
import { excerpt } from '../contracts/issues.js';
import { joinPointer } from '../core/pointer.js';
import { checkSnapshot, checkTransition, type LifecycleViolation, statusOf } from '../lifecycle/evaluate.js';
import type { Lifecycle } from '../lifecycle/schema.js';

/** Field names that carry a point in time that only moves forward. */
const TIMESTAMP_KEY = /^(created|updated|modified|started|finished|completed|ended|last_?updated)(_?at|_?time|_?on)?$|^timestamp$/i;

/** What one snapshot told the tracker. */
export interface Observation {
  status: string | undefined;
  terminal: boolean;
  violations: LifecycleViolation[];
}

/** Tracks one job across its polls. */
export interface Tracker {
  observe(job: unknown): Observation;
  readonly status: string | undefined;
}


/** Timestamps by pointer, outside arrays (their items are the append-only rules' business). */
function timestamps(node: unknown, pointer = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return out;
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}${joinPointer([key])}`;
    if (typeof value === 'string' && TIMESTAMP_KEY.test(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) out.set(at, time);
    } else if (typeof value === 'object') timestamps(value, at, out);
  }
  return out;
}

/** Creates a tracker for one job of a provider with this lifecycle. */
export function createTracker(lifecycle: Lifecycle): Tracker {
  const covered = new Set(lifecycle.invariants.filter((i) => i.rule === 'monotonic' || i.rule === 'constant').map((i) => i.path));
  let previous: unknown;
  let previousTimes = new Map<string, number>();
  let status: string | undefined;
  return {
    get status() {
      return status;
    },
    observe(job) {
      const violations = checkSnapshot(lifecycle, job);
      const times = timestamps(job);
      if (previous !== undefined) {
        violations.push(...checkTransition(lifecycle, previous, job));
        for (const [pointer, was] of previousTimes) {
          const now = times.get(pointer);
          if (covered.has(pointer) || now === undefined || now >= was) continue;
          const [a, b] = [new Date(was).toISOString(), new Date(now).toISOString()];
          violations.push({ code: 'lifecycle-monotonic', rule: 'timestamp', pointer, expected: `>= ${a}`, actual: excerpt(b), message: `timestamp ${pointer} went back from ${a} to ${b}` });
        }
      }
      previous = job;
      previousTimes = times;
      status = statusOf(lifecycle, job);
      return { status, terminal: status !== undefined && lifecycle.terminal.includes(status), violations };
    },
  };
}
