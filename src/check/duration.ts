import { UsageError } from '../errors/index.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration: `500ms`, `1s`, `1.5s`, `10m`, `1h`; a bare number is seconds (as curl's).
 * @example parseDuration('--interval', '0') === 0
 */
export function parseDuration(option: string, raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(raw);
  if (!m) throw new UsageError(`${option} must be a duration like 500ms, 1s, 10m or a number of seconds, got "${raw}".`);
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? 's'] as number));
}

/** Formats ms for people: `850 ms`, `1.2 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}
