/**
 * CORS for the node:http door, on by default as Prism's is: a front end served from another
 * origin (Vite on :5173) can create and poll jobs from a browser. `--no-cors` turns it off.
 * MSW and `mock.handle` answer in-process, where CORS does not apply.
 */

/** Headers a browser script may read besides the CORS-safelisted ones; each answer adds its own. */
export const EXPOSED_HEADERS = ['Retry-After', 'Location', 'Operation-Location', 'X-Request-Id', 'WWW-Authenticate', 'Allow', 'X-Job-Contracts-Source'];

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
/** Request headers the providers read; a preflight naming others gets those echoed too. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Prefer, X-Api-Key, X-Request-Id';
// Response headers a browser reads anyway (CORS-safelisted): no need to list them.
const EXPOSED_LOWER = new Set(EXPOSED_HEADERS.map((name) => name.toLowerCase()));
const EXPOSED_LIST = EXPOSED_HEADERS.join(', ');
const SAFELISTED = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);

/**
 * Adds the CORS headers to an answer's own `headers`, for a request from `origin` (its Origin
 * header, if any). A request with an Origin gets it echoed with credentials allowed (a browser
 * sending cookies or Authorization with `credentials: 'include'` refuses `*`); without one, `*`.
 */
export function addCorsHeaders(headers: Record<string, string | string[]>, origin: string | undefined): void {
  // Most answers carry only listed or safelisted headers: the constant list then, built once.
  let extra = '';
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (!SAFELISTED.has(lower) && !EXPOSED_LOWER.has(lower) && !lower.startsWith('access-control-') && lower !== 'vary' && lower !== 'connection') extra += `, ${lower}`;
  }
  headers['access-control-allow-origin'] = origin ?? '*';
  if (origin !== undefined) {
    headers['access-control-allow-credentials'] = 'true';
    headers.vary = 'Origin';
  }
  headers['access-control-expose-headers'] = extra === '' ? EXPOSED_LIST : EXPOSED_LIST + extra;
}

/** True for a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(method: string | undefined, origin: string | undefined, requestMethod: string | undefined): boolean {
  return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
}

/** The 204 answer's headers for a preflight; the headers it asks for are allowed as asked. */
export function preflightHeaders(origin: string, requestHeaders: string | undefined): Record<string, string> {
  const asked = (requestHeaders ?? '').replace(/[^A-Za-z0-9!#$%&'*+.^_`|~,\s-]/g, '').slice(0, 1000);
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': asked.trim() ? asked : ALLOWED_HEADERS,
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    'content-length': '0',
  };
}
