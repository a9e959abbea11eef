/**
 * The osapi getJob body: the neutral job state as OSAPI's `JobDetailResponse`, every field
 * omitted when empty except `changed`.
 * @see ../../specs/osapi.yaml#/components/schemas/JobDetailResponse
 */
import type { AgentState, JobEvent, JobState } from '../engine/state.js';
import type { JobRecord, RenderContext } from './adapter.js';

/** Statuses in which the job carries an `error` (the lifecycle's only-in rule). */
const ERROR_STATES = new Set(['failed', 'partial_failure', 'skipped']);
/** Agent states after which the agent has written its response. */
const ANSWERED = new Set(['completed', 'failed', 'skipped']);

/**
 * A time as Go's `time.RFC3339Nano` writes it: fraction without trailing zeros, none when zero.
 * @example goTime('2026-01-01T00:00:01.500Z') // '2026-01-01T00:00:01.5Z'
 */
export function goTime(iso: string): string {
  return iso.replace(/\.(\d+)Z$/, (_m, fraction: string) => {
    const trimmed = fraction.replace(/0+$/, '');
    return trimmed ? `.${trimmed}Z` : 'Z';
  });
}

/**
 * Whole milliseconds as Go's `time.Duration.String()`.
 * @example goDuration(1500) // '1.5s'; goDuration(123400) // '2m3.4s'; goDuration(850) // '850ms'
 */
export function goDuration(ms: number): string {
  let rest = Math.round(Math.abs(ms));
  const sign = ms < 0 && rest > 0 ? '-' : '';
  if (rest === 0) return '0s';
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = (rest / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${sign}${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stored operation: the create body's `operation`, else the scenario's job type. */
export function operationOf(job: JobRecord): Record<string, unknown> | undefined {
  if (isObject(job.input.operation)) return job.input.operation;
  return job.scenario.jobType ? { type: job.scenario.jobType, data: {} } : undefined;
}

/** The agent that reported last (OSAPI's `hostname`), `_api` events aside. */
function lastAgent(events: readonly JobEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const host = events[i]?.host;
    if (host && host !== '_api') return host;
  }
  return undefined;
}

function sortedHosts(agents: Record<string, AgentState>): string[] {
  return Object.keys(agents).sort();
}

/** `responses`: only broadcast jobs (more than one agent), one entry per agent that answered. */
function renderResponses(agents: Record<string, AgentState>): Record<string, unknown> | undefined {
  const hosts = sortedHosts(agents);
  if (hosts.length < 2) return undefined;
  const out: Record<string, unknown> = {};
  for (const host of hosts) {
    const agent = agents[host] as AgentState;
    if (!ANSWERED.has(agent.status)) continue;
    out[host] = {
      status: agent.status,
      ...(agent.data !== undefined && agent.data !== null ? { data: agent.data } : {}),
      ...(typeof agent.changed === 'boolean' ? { changed: agent.changed } : {}),
      ...(agent.error ? { error: agent.error } : {}),
      hostname: host,
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function renderAgentStates(agents: Record<string, AgentState>): Record<string, unknown> | undefined {
  const hosts = sortedHosts(agents);
  if (hosts.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const host of hosts) {
    const agent = agents[host] as AgentState;
    out[host] = {
      status: agent.status,
      ...(agent.error ? { error: agent.error } : {}),
      ...(typeof agent.durationMs === 'number' ? { duration: goDuration(agent.durationMs) } : {}),
    };
  }
  return out;
}

function renderEvent(event: JobEvent, ctx: RenderContext): Record<string, unknown> {
  return {
    timestamp: goTime(ctx.iso(event.at)),
    event: event.type,
    ...(event.host ? { hostname: event.host } : {}),
    message: event.message,
    ...(event.error ? { error: event.error } : {}),
  };
}

/**
 * The getJob 200 body. Pure: ids from the record, times from `ctx.iso`, so every poll of the
 * same state renders the same bytes and the timeline only grows.
 */
export function renderOsapiJob(state: JobState, ctx: RenderContext): Record<string, unknown> {
  const body: Record<string, unknown> = { id: ctx.job.id, status: state.status, created: goTime(ctx.iso(0)) };
  const operation = operationOf(ctx.job);
  if (operation) body.operation = operation;
  const completed = state.status === 'completed';
  if (completed && state.result !== null && state.result !== undefined) body.result = state.result;
  // Always present: true/false once completed, null before and in every other outcome.
  body.changed = completed ? (state.changed ?? false) : null;
  if (ERROR_STATES.has(state.status) && state.error?.message) body.error = state.error.message;
  const host = lastAgent(state.events);
  if (host) body.hostname = host;
  body.updated_at = goTime(ctx.iso(state.updatedAt));
  const responses = renderResponses(state.agents);
  if (responses) body.responses = responses;
  const agentStates = renderAgentStates(state.agents);
  if (agentStates) body.agent_states = agentStates;
  if (state.events.length > 0) body.timeline = state.events.map((event) => renderEvent(event, ctx));
  return body;
}
