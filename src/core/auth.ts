/**
 * Demo credentials from `x-job-mock.credentials`, read the way each `securitySchemes` entry
 * says: HTTP Bearer, HTTP Basic (`user:password`), or an API key in a header or the query.
 */
import { ConfigError } from '../errors/index.js';
import type { HeadHeaders } from './head.js';
import type { CredentialSpec } from './definition.js';
import { BoundedMap } from './bounded-map.js';
import { isObject } from './pointer.js';

/** A demo credential: the headers (or query) a client sends, its tenant and scopes. */
export interface Credential {
  tenant: string;
  label: string;
  scheme: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  scopes: string[];
}

/** How one scheme carries its value. */
type Carrier = { kind: 'bearer' } | { kind: 'basic' } | { kind: 'header'; name: string } | { kind: 'query'; name: string };

const MAX_HEADER = 4096;

// btoa/atob and TextEncoder rather than Buffer: the core runs in browsers too.
function toBase64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

function fromBase64(encoded: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function carrierOf(scheme: unknown, name: string, file: string): Carrier {
  if (!isObject(scheme)) throw new ConfigError(`${file}: x-job-mock.credentials names security scheme "${name}", which components.securitySchemes does not define.`, { file });
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return { kind: 'bearer' };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') return { kind: 'basic' };
  if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') return { kind: 'header', name: scheme.name.toLowerCase() };
  if (scheme.type === 'apiKey' && scheme.in === 'query' && typeof scheme.name === 'string') return { kind: 'query', name: scheme.name };
  throw new ConfigError(`${file}: security scheme "${name}" (${JSON.stringify(scheme.type)}) is not one the mock can play: use http bearer, http basic, or apiKey in a header or the query.`, { file });
}

function keyOf(carrier: Carrier, value: string): string {
  return carrier.kind === 'header' || carrier.kind === 'query' ? `${carrier.kind}:${carrier.name}:${value}` : `${carrier.kind}:${value}`;
}

/** The credential table of one provider, and the reader that finds a request's credential. */
export interface Credentials {
  list: Credential[];
  /** The request's credential, or undefined when it carries none the mock knows. */
  read(headers: HeadHeaders, query: () => URLSearchParams): Credential | undefined;
}

/** Builds the table from the spec's securitySchemes and `x-job-mock.credentials`. */
export function createCredentials(specs: readonly CredentialSpec[], securitySchemes: unknown, file: string): Credentials {
  const schemes = isObject(securitySchemes) ? securitySchemes : {};
  const byKey = new Map<string, Credential>();
  const carriers = new Map<string, Carrier>();
  const list = specs.map((spec) => {
    const carrier = carrierOf(schemes[spec.scheme], spec.scheme, file);
    carriers.set(JSON.stringify(carrier), carrier);
    const headers: Record<string, string> = {};
    const query: Record<string, string> = {};
    if (carrier.kind === 'bearer') headers.authorization = `Bearer ${spec.value}`;
    else if (carrier.kind === 'basic') headers.authorization = `Basic ${toBase64(spec.value)}`;
    else if (carrier.kind === 'header') headers[carrier.name] = spec.value;
    else query[carrier.name] = spec.value;
    const credential: Credential = { tenant: spec.tenant, label: spec.label ?? `${spec.tenant} (${spec.scheme})`, scheme: spec.scheme, headers, query, scopes: spec.scopes ?? [] };
    byKey.set(keyOf(carrier, spec.value), credential);
    return credential;
  });
  const kinds = [...carriers.values()];
  /** The credential a header value carries: decided once per distinct value and carrier (bounded). */
  const fromHeader = new Map<Carrier, BoundedMap<string, Credential | null>>(kinds.map((carrier) => [carrier, new BoundedMap(1024)]));
  const readHeader = (carrier: Carrier, header: string): Credential | undefined => {
    const seen = fromHeader.get(carrier) as BoundedMap<string, Credential | null>;
    const known = seen.get(header);
    if (known !== undefined) return known ?? undefined;
    let value: string | undefined;
    if (carrier.kind === 'header') value = header.trim();
    else if (carrier.kind === 'bearer') value = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
    else {
      const encoded = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header)?.[1];
      value = encoded === undefined ? undefined : fromBase64(encoded);
    }
    const found = value ? byKey.get(keyOf(carrier, value)) : undefined;
    seen.set(header, found ?? null);
    return found;
  };
  const read: Credentials['read'] = (headers, query) => {
    for (const carrier of kinds) {
      let found: Credential | undefined;
      if (carrier.kind === 'query') {
        const value = query().get(carrier.name);
        found = value ? byKey.get(keyOf(carrier, value)) : undefined;
      } else {
        const header = headers.get(carrier.kind === 'header' ? carrier.name : 'authorization');
        if (header === null || header.length > MAX_HEADER) continue;
        found = readHeader(carrier, header);
      }
      if (found) return found;
    }
    return undefined;
  };
  return { list, read };
}
