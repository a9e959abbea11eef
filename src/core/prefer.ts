/** Reads `Prefer: scenario=<name>, fault=<kind>` (RFC 7240 tokens; values may be quoted). */
export function readPrefer(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(/[,;]/)) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
    if (m) out.set((m[1] as string).toLowerCase(), m[2] as string);
  }
  return out;
}
