import autocannon from 'autocannon';

/** One target of a load run: a URL and the headers every request carries. */
export interface Target {
  url: string;
  headers: Record<string, string>;
}

/** What one autocannon run measured. Latencies in ms. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers together. */
  errors: number;
  requests: number;
}

/**
 * Loads one target (or several, cycled per connection) with autocannon for `seconds`.
 * @see https://github.com/mcollina/autocannon#api
 */
export async function runLoad(targets: Target[], options: { connections: number; seconds: number }): Promise<LoadResult> {
  const [first] = targets;
  if (!first) throw new Error('runLoad needs a target');
  const origin = new URL(first.url).origin;
  const result = await autocannon({
    url: origin,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: targets.map((t) => {
      const u = new URL(t.url);
      return { method: 'GET' as const, path: u.pathname + u.search, headers: t.headers };
    }),
  });
  const requests = result.requests.total;
  return {
    rps: requests / Math.max(result.duration, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests,
  };
}

/** The median of some numbers (NaN when there are none). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
