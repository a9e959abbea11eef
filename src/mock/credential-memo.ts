import type { ProviderAdapter } from '../providers/adapter.js';
import type { RequestHead } from './head.js';

/** How many distinct credential header values are remembered (then the memory starts over). */
const LIMIT = 256;

/**
 * `adapter.readCredential`, remembered per value of the headers the demo credentials use
 * (Authorization, X-Api-Key): it is a function of the headers it reads, and each miss checks
 * that it read no other one; if it ever does, remembering stops for good.
 */
export function createCredentialReader(adapter: ProviderAdapter): (head: RequestHead) => string | null {
  const names = [...new Set(adapter.credentials.flatMap((c) => Object.keys(c.headers).map((name) => name.toLowerCase())))];
  const known = new Map<string, string | null>();
  let on = true;
  // Adapters read only `request.headers` (ProviderAdapter.readCredential): a head serves.
  const read = (headers: Pick<Headers, 'get'>) => adapter.readCredential({ headers } as unknown as Request);
  return (head) => {
    if (!on) return read(head.headers);
    let memo = '';
    for (const name of names) {
      const value = head.headers.get(name);
      memo += value === null ? '-|' : `${value.length}:${value}|`;
    }
    const remembered = known.get(memo);
    if (remembered !== undefined) return remembered;
    let stray = false;
    const key = read({
      get: (name) => {
        if (!names.includes(name.toLowerCase())) stray = true;
        return head.headers.get(name);
      },
    });
    if (stray) on = false;
    else {
      if (known.size >= LIMIT) known.clear();
      known.set(memo, key);
    }
    return key;
  };
}
