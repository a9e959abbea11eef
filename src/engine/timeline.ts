import type { Fault } from './fault.js';
import type { EventSpec, Scenario, ScenarioStep } from './scenario.js';
import { emptyState, type JobState } from './state.js';

/** A client action that changes a job's course. `ms`: clock offset from creation; `tick`: the tick
 *  of the last poll the client saw (polls − 1, at least 0). */
export interface JobAction {
  /** `respond` resumes a `wait: respond` step; `cancel` ends the job the provider's way; `event`
   *  appends one event at its time (a provider's own note, such as OSAPI's `retried`). */
  kind: 'respond' | 'cancel' | 'event';
  ms: number;
  tick: number;
  payload?: { response?: string; event?: EventSpec };
}

/** Where a job is in its scenario: by elapsed time (`wall`, `manual`) or by polls (`poll`). */
export interface Position {
  ms: number;
  tick: number;
  by: 'time' | 'tick';
}

/** What the engine computes for one job at one position. */
export interface Timeline {
  state: JobState;
  /** Index of the last step applied (-1 before the first). */
  step: number;
  /** The fault of the current step, when it has one. */
  fault: Fault | undefined;
  /** Waiting at a `wait: respond` step for the client. */
  waiting: boolean;
  /** A cancel action was applied. */
  canceled: boolean;
  /** ms offset of the next scheduled step, if any (time positions only). */
  nextAt: number | undefined;
  /** A key that changes whenever the rendered job could change. */
  version: string;
}

/** Fills event text the scenario leaves out; seeded per job so answers are reproducible. */
export type TextSource = (key: string) => string;

/** Turns the state at the cancel instant into the provider's canceled state. */
export type CancelRule = (state: JobState, atMs: number) => JobState;

function applyEvents(state: JobState, events: EventSpec[], at: number, text: TextSource, stepIndex: number): void {
  events.forEach((spec, i) => {
    state.events.push({
      at,
      type: spec.type,
      message: spec.message ?? text(`event:${stepIndex}:${i}`),
      ...(spec.stage !== undefined ? { stage: spec.stage } : {}),
      ...(spec.host !== undefined ? { host: spec.host } : {}),
      ...(spec.error !== undefined ? { error: spec.error } : {}),
      ...(spec.data !== undefined ? { data: spec.data } : {}),
      ...(spec.artifacts !== undefined ? { artifacts: spec.artifacts } : {}),
    });
  });
}

/** Applies one step's patch to the state (mutates `state`, which the engine owns). */
function applyStep(state: JobState, step: ScenarioStep, at: number, text: TextSource, index: number): void {
  const patchOnly = step.fault !== undefined && Object.keys(step).every((k) => k === 'at' || k === 'fault' || k === 'note');
  if (patchOnly) return;
  if (step.status !== undefined && step.status !== state.status) {
    state.status = step.status;
    state.statusHistory.push({ at, status: step.status });
  }
  if (step.stage !== undefined) state.stage = step.stage;
  if (step.progress !== undefined) state.progress = step.progress;
  if (step.message !== undefined) state.message = step.message;
  if (step.error !== undefined) state.error = step.error;
  if (step.result !== undefined) state.result = step.result;
  if (step.changed !== undefined) state.changed = step.changed;
  if (step.clarification !== undefined) state.clarification = step.clarification;
  if (step.hypothesis !== undefined) state.hypothesis = step.hypothesis;
  if (step.retries !== undefined) state.retries = step.retries;
  if (step.events) applyEvents(state, step.events, at, text, index);
  if (step.artifacts) state.artifacts.push(...step.artifacts);
  if (step.agents) {
    for (const [host, agent] of Object.entries(step.agents)) state.agents[host] = { ...state.agents[host], ...agent };
  }
  if (step.nodes) {
    for (const node of step.nodes) {
      const i = state.nodes.findIndex((n) => n.id === node.id);
      if (i >= 0) state.nodes[i] = { ...state.nodes[i], ...node } as JobState['nodes'][number];
      else state.nodes.push({ type: 'model', status: 'pending', ...node });
    }
  }
  if (step.testResults) {
    for (const t of step.testResults) {
      state.testResults.push({
        at,
        passed: t.passed,
        error: t.error ?? '',
        outputPreview: t.outputPreview ?? '',
        outputCount: t.outputCount ?? 0,
      });
    }
  }
  state.updatedAt = at;
}

/**
 * The pure core: a job's state from its scenario, its actions and a position. Same inputs,
 * same output — no clock, no randomness but `text`.
 */
export function timelineAt(
  scenario: Scenario,
  actions: readonly JobAction[],
  position: Position,
  text: TextSource,
  onCancel?: CancelRule,
): Timeline {
  const first = scenario.steps[0]?.status ?? 'unknown';
  const state = emptyState(first);
  state.statusHistory.push({ at: 0, status: first });
  const responds = actions.filter((a) => a.kind === 'respond');
  const cancel = actions.find((a) => a.kind === 'cancel');
  // Event actions, in the order they came (their times never go back): each is appended once
  // the position reaches it, before any step scheduled later.
  const noted = actions.filter((a) => a.kind === 'event' && a.payload?.event !== undefined);
  let notedUsed = 0;
  const reachedBy = (a: JobAction) => (position.by === 'tick' ? a.tick <= position.tick : a.ms <= position.ms);
  const flushNoted = (beforeMs: number, beforeTick: number) => {
    for (; notedUsed < noted.length; notedUsed++) {
      const a = noted[notedUsed] as JobAction;
      if (!reachedBy(a) || (position.by === 'tick' ? a.tick >= beforeTick : a.ms >= beforeMs)) break;
      applyEvents(state, [a.payload?.event as EventSpec], a.ms, text, -1 - notedUsed);
      state.updatedAt = Math.max(state.updatedAt, a.ms);
    }
  };
  let segmentMs = 0;
  let segmentTick = 0;
  let segmentFirst = 0;
  let applied = -1;
  let fault: Fault | undefined;
  let waiting = false;
  let nextAt: number | undefined;
  let respondsUsed = 0;
  const cancelReached = cancel !== undefined && (position.by === 'tick' ? cancel.tick <= position.tick : cancel.ms <= position.ms);

  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i] as ScenarioStep;
    const atMs = segmentMs + step.at;
    const atTick = segmentTick + (i - segmentFirst);
    // Steps scheduled after the cancel never happen (the initial step always does).
    if (cancelReached && i > 0 && (position.by === 'tick' ? atTick > (cancel as JobAction).tick : atMs > (cancel as JobAction).ms)) break;
    flushNoted(atMs, atTick);
    const reached = position.by === 'tick' ? atTick <= position.tick : atMs <= position.ms;
    if (!reached) {
      nextAt = atMs;
      break;
    }
    applyStep(state, step, atMs, text, i);
    applied = i;
    fault = step.fault;
    if (step.wait === 'respond') {
      const answer = responds[respondsUsed];
      // In tick mode the answer shows from the poll after the wait was seen, at the earliest.
      const resumeTick = answer === undefined ? Number.POSITIVE_INFINITY : Math.max(answer.tick, atTick + 1);
      const answered = answer !== undefined && (position.by === 'tick' ? resumeTick <= position.tick : answer.ms <= position.ms);
      if (!answered) {
        // An answer already given but not yet shown (poll mode) means: no longer waiting.
        waiting = answer === undefined || (position.by === 'tick' ? answer.tick > position.tick : answer.ms > position.ms);
        break;
      }
      respondsUsed++;
      const resumeMs = Math.max(answer.ms, atMs);
      state.humanResponse = answer.payload?.response ?? '';
      state.updatedAt = resumeMs;
      segmentMs = resumeMs;
      segmentTick = resumeTick;
      segmentFirst = i + 1;
    }
  }
  flushNoted(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  if (cancelReached && onCancel) {
    const at = Math.max((cancel as JobAction).ms, state.updatedAt);
    const next = onCancel(state, at);
    next.updatedAt = Math.max(next.updatedAt, at);
    return { state: next, step: applied, fault: undefined, waiting: false, canceled: true, nextAt: undefined, version: `${applied}:${respondsUsed}:${notedUsed}:c` };
  }
  return { state, step: applied, fault, waiting, canceled: false, nextAt, version: `${applied}:${respondsUsed}:${notedUsed}:${waiting ? 'w' : ''}` };
}
