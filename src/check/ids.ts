/**
 * Ids for the probes: a well-formed id that names no job (shaped like a real one, checked
 * against the path parameter's schema), and a malformed one.
 */

/** True when a raw path value has the documented format. */
export type IdCheck = (raw: string) => boolean;

const UPPER = 'ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32 letters: valid in ULIDs and plain ids
const LOWER = UPPER.toLowerCase();

function rotate(c: string, i: number): string {
  const shift = 7 + i;
  if (/[0-9]/.test(c)) return String((Number(c) + shift) % 10);
  if (/[a-f]/.test(c)) return String.fromCharCode(97 + ((c.charCodeAt(0) - 97 + shift) % 6));
  if (/[A-F]/.test(c)) return String.fromCharCode(65 + ((c.charCodeAt(0) - 65 + shift) % 6));
  if (/[a-z]/.test(c)) return LOWER[(Math.max(0, LOWER.indexOf(c)) + shift) % LOWER.length] as string;
  if (/[A-Z]/.test(c)) return UPPER[(Math.max(0, UPPER.indexOf(c)) + shift) % UPPER.length] as string;
  return c;
}

/**
 * An id of the same shape as `like` that is very unlikely to exist: digits get a large offset,
 * other ids their last six letters and digits changed within their character class.
 * @example unknownIdLike('4711', () => true) === '900004711'
 */
export function unknownIdLike(like: string, check: IdCheck): string {
  const candidates: string[] = [];
  if (/^\d{1,15}$/.test(like)) candidates.push(String(Number(like) + 900_000_000), String(Number(like) + 90_000));
  const chars = [...like];
  let changed = 0;
  for (let i = chars.length - 1; i >= 0 && changed < 6; i--) {
    if (/[0-9A-Za-z]/.test(chars[i] as string)) chars[i] = rotate(chars[i] as string, changed++);
  }
  candidates.push(chars.join(''));
  return candidates.find((c) => c !== like && check(c)) ?? (candidates[candidates.length - 1] as string);
}

/** An id the path parameter's schema rejects, or undefined when every string is well-formed. */
export function malformedId(check: IdCheck): string | undefined {
  return ['not-a-valid-id', 'x', '-1', '0'].find((c) => !check(c));
}
