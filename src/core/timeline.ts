/**
 * The pure core: a job's document from its scenario, the client's actions and a position.
 * Same inputs, same output — no clock, no randomness but the job's seeded source.
 * @see ../../docs/provider-format.md#scenario-files
 */
import type { Fault } from './fault.js';
import { type FunctionTable, itemFunctions, type JobIdentity, jobFunctions } from './functions.js';
import { cloneJson, type JsonObject } from './pointer.js';
import type { Scenario, ScenarioStep, StepOps } from './scenario.js';
import { applyOps, hasOps, type ItemTemplate, type StepResolver } from './steps.js';
import { chainResolvers } from './template.js';

/** A client action that changes a job's course. `ms`: clock offset from creation; `tick`: the
 *  tick of the last poll the client saw. `payload`: the request body (respond) or what the
 *  action made (retry: the new job). */
export interface JobAction {
  kind: 'respond' | 'cancel' | 'retry';
  ms: number;
  tick: number;
  payload?: unknown;
}

/** Where a job is in its scenario: by elapsed time (`wall`, `manual`) or by polls (`poll`). */
export interface Position {
  ms: number;
  tick: number;
  by: 'time' | 'tick';
}

/** What the provider's data adds to every scenario. */
export interface Behaviour {
  everyStep?: StepOps;
  items: ItemTemplate[];
  onCancel?: StepOps[];
  onRetry?: StepOps[];
  /** Template functions from the provider's hooks. */
  functions: FunctionTable;
}

/** What the engine computes for one job at one position. */
export interface Timeline {
  doc: JsonObject;
  /** Index of the last step applied (-1 before the first). */
  step: number;
  fault: Fault | undefined;
  /** Waiting at a `wait: respond` step for the client. */
  waiting: boolean;
  canceled: boolean;
  /** ms offset of the next scheduled step, if any (time positions only). */
  nextAt: number | undefined;
  /** A key that changes whenever the document could change. */
  version: string;
  /** ms offset of the last change. */
  updatedAt: number;
}

/** The timeline's inputs that do not change between polls. */
export interface TimelineInput {
  scenario: Scenario;
  actions: readonly JobAction[];
  job: JobIdentity;
  behaviour: Behaviour;
  /** The document at creation (templates already rendered). */
  initial: JsonObject;
}

/** Computes the job's document at `position`. */
export function timelineAt(input: TimelineInput, position: Position): Timeline {
  const { scenario, actions, job, behaviour } = input;
  const doc = cloneJson(input.initial);
  let updatedAt = 0;
  const resolverAt =
    (ms: number, payload?: unknown): StepResolver =>
    (extra) => {
      const itemFns: FunctionTable = extra ? itemFunctions(job, extra) : {};
      return chainResolvers(itemFns, behaviour.functions, jobFunctions(job, ms, () => doc, payload));
    };
  const apply = (ops: StepOps, ms: number, payload?: unknown) => {
    if (!hasOps(ops)) return;
    const resolver = resolverAt(ms, payload);
    applyOps(doc, ops, behaviour.items, resolver);
    if (behaviour.everyStep) applyOps(doc, behaviour.everyStep, behaviour.items, resolver);
    updatedAt = Math.max(updatedAt, ms);
  };

  const reachedBy = (a: JobAction) => (position.by === 'tick' ? a.tick <= position.tick : a.ms <= position.ms);
  const responds = actions.filter((a) => a.kind === 'respond');
  const cancel = actions.find((a) => a.kind === 'cancel');
  const retries = actions.filter((a) => a.kind === 'retry');
  let retriesUsed = 0;
  // Retry actions, in the order they came (their times never go back): each applies once the
  // position reaches it, before any step scheduled later.
  const flushRetries = (beforeMs: number, beforeTick: number) => {
    for (; retriesUsed < retries.length; retriesUsed++) {
      const a = retries[retriesUsed] as JobAction;
      if (!reachedBy(a) || (position.by === 'tick' ? a.tick >= beforeTick : a.ms >= beforeMs)) break;
      for (const ops of scenario.on?.retry ?? behaviour.onRetry ?? []) apply(ops, a.ms, a.payload);
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
  const cancelReached = cancel !== undefined && reachedBy(cancel);

  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i] as ScenarioStep;
    const atMs = segmentMs + step.at;
    const atTick = segmentTick + (i - segmentFirst);
    // Steps scheduled after the cancel never happen (the first step always does).
    if (cancelReached && i > 0 && (position.by === 'tick' ? atTick > (cancel as JobAction).tick : atMs > (cancel as JobAction).ms)) break;
    flushRetries(atMs, atTick);
    const reached = position.by === 'tick' ? atTick <= position.tick : atMs <= position.ms;
    if (!reached) {
      nextAt = atMs;
      break;
    }
    apply(step, atMs);
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
      for (const ops of scenario.on?.respond ?? []) apply(ops, resumeMs, answer.payload);
      updatedAt = Math.max(updatedAt, resumeMs);
      segmentMs = resumeMs;
      segmentTick = resumeTick;
      segmentFirst = i + 1;
    }
  }
  flushRetries(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  if (cancelReached) {
    const at = Math.max((cancel as JobAction).ms, updatedAt);
    for (const ops of scenario.on?.cancel ?? behaviour.onCancel ?? []) apply(ops, at, cancel?.payload);
    return { doc, step: applied, fault: undefined, waiting: false, canceled: true, nextAt: undefined, version: `${applied}:${respondsUsed}:${retriesUsed}:c`, updatedAt };
  }
  return { doc, step: applied, fault, waiting, canceled: false, nextAt, version: `${applied}:${respondsUsed}:${retriesUsed}:${waiting ? 'w' : ''}`, updatedAt };
}
