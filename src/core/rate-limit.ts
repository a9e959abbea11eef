/**
 * `--rate-limit n`: at most n requests per credential in each one-second window; past it, the
 * seconds until the window ends (the provider's 429 with Retry-After).
 */
export function createRateLimiter(perSecond: number): (key: string, now: number) => number | undefined {
  const windows = new Map<string, { start: number; count: number }>();
  return (key, now) => {
    const window = windows.get(key);
    if (!window || now - window.start >= 1000) {
      windows.set(key, { start: now, count: 1 });
      return undefined;
    }
    window.count++;
    return window.count > perSecond ? Math.max(1, Math.ceil((window.start + 1000 - now) / 1000)) : undefined;
  };
}
