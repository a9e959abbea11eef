/**
 * `mock --watch`: reloads specs and scenarios when their files change (chokidar), a burst of
 * saves at a time. A broken edit keeps the last good version; the report names file and line.
 */
import { watch } from 'chokidar';
import { located } from '../load/locate.js';
import type { Mock, ReloadReport } from '../mock/mock.js';

/** A running watcher. */
export interface MockWatcher {
  /** Resolves once the watcher has scanned its files and is watching. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Watches the mock's files; calls `onReload` after each reload. */
export function watchMock(mock: Mock, options: { onReload: (report: ReloadReport) => void; debounceMs?: number }): MockWatcher {
  const watcher = watch(mock.watchList(), { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    // Editors save in bursts (temp file, rename, chmod): one reload per burst.
    timer = setTimeout(() => {
      timer = undefined;
      options.onReload(mock.reload());
    }, options.debounceMs ?? 100);
  };
  watcher.on('add', schedule).on('change', schedule).on('unlink', schedule);
  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** One line per reload for the terminal. */
export function describeReload(report: ReloadReport): string {
  const lines = [`reloaded ${report.reloaded.join(', ') || 'nothing'}${report.dropped ? `; dropped ${report.dropped} job(s) whose scenario is gone` : ''}`];
  if (report.kept.length) lines.push(`kept the last good version of ${report.kept.join(', ')}`);
  for (const problem of report.problems) lines.push(`  ${located(problem)}`);
  return `${lines.join('\n')}\n`;
}
