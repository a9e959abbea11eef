import type { Operation } from '../contracts/spec.js';
import type { Random } from '../engine/random.js';
import type { Scenario } from '../engine/scenario.js';
import type { JobState } from '../engine/state.js';
import type { CancelRule, JobAction, Timeline } from '../engine/timeline.js';
import type { JobRole, ProviderId } from './ids.js';

/** What a handler answers; the core turns it into a Fetch Response (JSON unless `raw`). */
export interface WireResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The errors every provider must be able to answer, each in its own documented shape. */
export type ErrorKind =
  | 'unauthorized' // missing or unknown credentials → 401
  | 'forbidden' // credential lacks the scope/capability → 403
  | 'not-found' // unknown id, or another tenant's job → 404 (identical bodies but request ids)
  | 'malformed-id' // path id of the wrong format → the provider's own 400/404/422
  | 'bad-request' // body not JSON, wrong state for the action → 400 (or the provider's nearest)
  | 'validation' // JSON body breaks the request schema → the provider's 400/422
  | 'too-large' // body over the limit → 413 (or the provider's nearest documented code)
  | 'rate-limited' // → 429 with Retry-After
  | 'server-error' // → 500
  | 'bad-gateway' // → 502
  | 'unavailable'; // → 503

/** Context for an error answer. `requestId` is a fresh per-request id (a ULID). */
export interface ErrorContext {
  requestId: string;
  id?: string;
  message?: string;
  field?: string;
  retryAfter?: number;
}

/** A demo credential: the headers a client sends, the tenant it maps to, what it may do. */
export interface Credential {
  tenant: string;
  label: string;
  headers: Record<string, string>;
  /** Scopes/capabilities granted; `scopeFor(role)` must be among them. */
  scopes: string[];
}

/** A job as the store keeps it. Read-only to renderers. */
export interface JobRecord {
  readonly id: string;
  readonly provider: ProviderId;
  readonly tenant: string;
  readonly scenario: Scenario;
  /** Epoch ms of creation (from the mock's clock). */
  readonly createdAt: number;
  /** Creation order within the provider, from 0. */
  readonly index: number;
  /** What the client asked for (create body), or the scenario's `input`. */
  readonly input: Record<string, unknown>;
  /** Deterministic randomness for this job: ids, text, URLs. */
  readonly random: Random;
  /** The job this one retries (osapi retry), if any. */
  readonly parentId?: string;
  /** The provider's job type when the create route decides it (figur's workflow routes); else the scenario's. */
  readonly jobType?: string;
}

/** Helpers a renderer gets with the job. */
export interface RenderContext {
  job: JobRecord;
  /** ISO 8601 time `offsetMs` after the job was created. */
  iso(offsetMs: number): string;
}

/** A job handle inside a role handler: its record and its current timeline. */
export interface JobHandle {
  record: JobRecord;
  /** The timeline now (does not count as a poll). */
  timeline(): Timeline;
  /** The getJob body now (does not count as a poll). */
  render(): unknown;
  /** True when the status is terminal per the spec's lifecycle. */
  isTerminal(): boolean;
  /** Records a client action (respond, cancel) at the current clock. */
  act(kind: JobAction['kind'], payload?: JobAction['payload']): void;
  /** Deletes the job: later lookups answer not-found. */
  remove(): void;
}

/** What a role handler gets for one request (auth, tenancy, body parsing already done). */
export interface RoleContext {
  request: Request;
  url: URL;
  operation: Operation;
  params: Record<string, string>;
  tenant: string;
  requestId: string;
  /** The parsed JSON body (already validated against the request schema), or undefined. */
  body: unknown;
  /** The job named by the path's id parameter, when it exists and belongs to this tenant. */
  job(): JobHandle | undefined;
  /** This tenant's live jobs, oldest first. */
  jobs(): JobHandle[];
  /** Creates a job for this tenant. The scenario defaults to `Prefer: scenario=<name>` or happy-path. */
  create(options?: { scenario?: string; input?: Record<string, unknown>; parentId?: string; jobType?: string }): JobHandle;
  /** The provider's error answer of this kind. */
  error(kind: ErrorKind, extra?: Partial<ErrorContext>): WireResponse;
}

/** Handles one operation of a provider. */
export type RoleHandler = (ctx: RoleContext) => WireResponse | Promise<WireResponse>;

/**
 * Everything provider-specific about a mock: credentials, ids, errors, the renderer and the
 * handlers of the roles beyond getJob. Lives in src/providers/<id>.ts; nowhere else knows the
 * provider's wire format.
 */
export interface ProviderAdapter {
  id: ProviderId;
  /** The demo credentials: at least one full-access credential for tenants `acme` and `globex`. */
  credentials: Credential[];
  /** The credential key the request carries (e.g. the bearer token), or null when none/garbled. */
  readCredential(request: Request): string | null;
  /** The key `readCredential` returns for each demo credential. */
  credentialKey(credential: Credential): string;
  /** The scope a role needs, if the provider checks scopes. */
  scopeFor?(role: JobRole): string | undefined;
  /** True when a malformed path id is rejected before authentication (osapi). */
  malformedIdBeforeAuth?: boolean;
  /** A new job id, deterministic from the job's random source and creation order. */
  newJobId(random: Random, index: number, createdAt: number): string;
  /** The provider's error answer of each kind. Must match the spec. */
  error(kind: ErrorKind, ctx: ErrorContext): WireResponse;
  /** The getJob 200 body for a state. */
  renderJob(state: JobState, ctx: RenderContext): unknown;
  /** How cancelling changes the state (the provider's canceled status), if it can cancel. */
  cancel?: CancelRule;
  /** Handlers for the roles other than getJob (getJob is generic). */
  handlers: Partial<Record<Exclude<JobRole, 'getJob'>, RoleHandler>>;
}
