/** How a mock's jobs advance. @see ../../README.md#clock-modes */
export type ClockMode = 'wall' | 'poll' | 'manual';

/** The clock a mock reads: epoch ms, advanced by real time × speed or by hand. */
export interface Clock {
  readonly mode: ClockMode;
  now(): number;
  /** Moves the clock forward (manual mode; in wall mode it shifts the clock too). */
  advance(ms: number): void;
}

/** The manual clock's default start, so same-seed servers agree to the byte. */
export const DEFAULT_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

/**
 * Creates a clock. `wall`: real elapsed time × speed from now; `manual`: starts at `epoch` and
 * moves only when advanced; `poll`: like wall for timestamps, jobs move per GET instead.
 */
export function createClock(mode: ClockMode, options: { speed?: number; epoch?: number; realNow?: () => number } = {}): Clock {
  // Looked up on every call, so fake timers installed later (vi.useFakeTimers) are seen.
  const realNow = options.realNow ?? (() => Date.now());
  const speed = options.speed ?? 1;
  let offset = 0;
  if (mode === 'manual') {
    let current = options.epoch ?? DEFAULT_EPOCH;
    return { mode, now: () => current, advance: (ms) => void (current += Math.max(0, ms)) };
  }
  const start = realNow();
  const origin = options.epoch ?? start;
  return {
    mode,
    now: () => origin + Math.floor((realNow() - start) * speed) + offset,
    advance: (ms) => void (offset += Math.max(0, ms)),
  };
}
