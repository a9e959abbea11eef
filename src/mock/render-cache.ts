import type { StoredJob } from './store.js';

/**
 * A job's rendered getJob body, and once a poll used it, the stretch of the job's own time
 * (ms since creation) it holds for and the action count it was made with.
 */
export interface PollCache {
  version: string;
  text: string;
  bytes: number | undefined;
  from: number | undefined;
  until: number | undefined;
  actions: number | undefined;
}

/** How many characters of rendered bodies a provider keeps by default (~4 MB). */
export const RENDER_CACHE_CHARS = 4 * 1024 * 1024;

/**
 * Keeps rendered bodies on their jobs (`job.cache`) within a budget: past it, the oldest are
 * dropped and rendered again when next polled, so memory stays bounded however many jobs
 * there are. Returns `remember`, called with each body just stored on its job.
 */
export function createRenderBudget(budget = RENDER_CACHE_CHARS): (job: StoredJob, cache: PollCache) => void {
  const kept: Array<{ job: StoredJob; cache: PollCache } | undefined> = [];
  let first = 0;
  let chars = 0;
  return (job, cache) => {
    kept.push({ job, cache });
    chars += cache.text.length;
    while (chars > budget && first < kept.length - 1) {
      const oldest = kept[first] as { job: StoredJob; cache: PollCache };
      kept[first++] = undefined;
      chars -= oldest.cache.text.length;
      if (oldest.job.cache === oldest.cache) oldest.job.cache = undefined;
    }
    if (first > 1024 && first * 2 > kept.length) {
      kept.splice(0, first);
      first = 0;
    }
  };
}
