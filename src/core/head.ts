/**
 * What the mock reads of a request before it needs a Fetch `Request`: method, path and
 * headers. The node:http door builds one straight from `IncomingMessage` (no `Headers`, no
 * `Request`), so a `getJob` poll costs no Fetch objects; anything else asks for `request()`.
 */
export interface RequestHead {
  readonly method: string;
  /** The path, exactly as `new URL(request.url).pathname` gives it. */
  readonly pathname: string;
  /** The query, `?…` or '' (as `new URL(request.url).search`), when the door knows it without a Request. */
  readonly search?: string;
  /** Fetch `Headers` semantics: names case-insensitive, repeats joined with ", ", sorted iteration. */
  readonly headers: HeadHeaders;
  /** True when `headers` can never change (node:http's), so the journal may share their copy. */
  readonly stable?: boolean;
  /** The Fetch Request itself (built on first call when the head came from node:http). */
  request(): Request;
}

/** The headers of a head; node:http's can tell when two requests carried the very same ones. */
export interface HeadHeaders extends Pick<Headers, 'get' | 'forEach'> {
  sameAs?(other: HeadHeaders | undefined): boolean;
}

/**
 * An answer the node:http door writes as is, with a Content-Length: a JSON text and its headers
 * (lowercase names in sorted order, as `Headers` iterates them). The Fetch door turns it into
 * `new Response(body, { status, headers })`.
 */
export interface PlainAnswer {
  readonly plain: true;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `Buffer.byteLength(body)`, when already known. */
  bytes?: number | undefined;
}

/** True for a PlainAnswer (a Response otherwise). */
export function isPlainAnswer(answer: Response | PlainAnswer): answer is PlainAnswer {
  return (answer as PlainAnswer).plain === true;
}

/** The Response a PlainAnswer stands for. */
export function toResponse(answer: Response | PlainAnswer): Response {
  return isPlainAnswer(answer) ? new Response(answer.body, { status: answer.status, headers: answer.headers }) : answer;
}

/** The head of a Fetch Request (the MSW and `mock.handle` door). */
export function headOfRequest(request: Request): RequestHead {
  // HEAD is answered as the GET it stands for (RFC 9110 9.3.2), as the node:http door does;
  // the door that writes the answer leaves the body out.
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  return { method, pathname: new URL(request.url).pathname, headers: request.headers, request: () => (method === request.method ? request : new Request(request, { method })) };
}

/** The answer to a HEAD: the GET's status and headers, no body. */
export function headless(request: Request, response: Response): Response {
  return request.method === 'HEAD' && response.body ? new Response(null, { status: response.status, headers: response.headers }) : response;
}
