/**
 * The load-time check of a scenario: renders the job after every step (and after a cancel at
 * every step, where the provider can cancel) and checks each body against the getJob schema
 * and `x-job-lifecycle` — first state initial, direct transitions only, snapshot rules,
 * append-only and monotonic fields. Throws a ConfigError naming the file, the step and the rule.
 */
import { ConfigError } from '../errors/index.js';
import { checkSnapshot, checkTransition, jobOf, singleBodyRules, statusOf } from '../lifecycle/evaluate.js';
import { createJobFactory } from './job-factory.js';
import { JobStore } from './jobs.js';
import type { Definition } from './load-definition.js';
import { getJobBody } from './render.js';
import type { Scenario } from './scenario.js';
import { TemplateError } from './template.js';
import { type JobAction, timelineAt } from './timeline.js';

const PROBE_EPOCH = Date.UTC(2026, 0, 1);

/** One poll's answer as the check sees it: the last step applied, the body and its JSON text. */
interface Rendered {
  step: number;
  text: string;
  body: unknown;
}

/** True when the provider has a way to cancel a job. */
function canCancel(definition: Definition, scenario: Scenario): boolean {
  return definition.contract.spec.operations.some((op) => op.role === 'cancelJob') && (scenario.on?.cancel ?? definition.extension.onCancel) !== undefined;
}

/** Checks one scenario against its provider's spec; throws a ConfigError naming file and step. */
export function checkScenario(scenario: Scenario, file: string, definition: Definition): void {
  const { contract } = definition;
  const lifecycle = contract.spec.lifecycle;
  const factory = createJobFactory({ definition, seed: `probe:${scenario.name}` });
  const job = factory(new JobStore(), { scenario, tenant: definition.credentials.list[0]?.tenant ?? 'acme', createdAt: PROBE_EPOCH });
  const initial = factory.initialOf(job);
  // Answer each wait at once, so the steps after it are checked too.
  const waits = scenario.steps.filter((s) => s.wait === 'respond').length;
  const respondAll: JobAction[] = Array.from({ length: waits }, () => ({ kind: 'respond', ms: 0, tick: 0, payload: { response: 'probe answer' } }));
  const fail = (step: number, rule: string, message: string): never => {
    throw new ConfigError(`${file}: step ${step}: ${message} (rule ${rule}${rule === 'schema' || rule === 'template' ? '' : ` of x-job-lifecycle in ${contract.spec.file}`}).`, { file, pointer: `/steps/${step}` });
  };
  // The answer-every-wait run's bodies, by tick: each cancel point replays that run's first
  // polls, which are made once (replaying from scratch at every point cost O(steps³) renders).
  const uncancelled = new Map<number, Rendered>();
  const bodyAt = (tick: number, actions: JobAction[]): Rendered => {
    const known = actions === respondAll ? uncancelled.get(tick) : undefined;
    if (known) return known;
    const made = render(tick, actions);
    if (actions === respondAll) uncancelled.set(tick, made);
    return made;
  };
  const render = (tick: number, actions: JobAction[]): Rendered => {
    try {
      const line = timelineAt({ scenario, actions, job: job.identity, behaviour: definition.behaviour, initial }, { ms: 0, tick, by: 'tick' });
      const text = JSON.stringify(getJobBody(line.doc, definition.wrap));
      return { step: line.step, text, body: JSON.parse(text) as unknown };
    } catch (error) {
      if (error instanceof TemplateError) return fail(tick, 'template', error.message);
      throw error;
    }
  };

  // `checkedFrom` frames are known to pass (the uncancelled run's, checked first): they only
  // give the next frame its previous body.
  const run = (frames: Array<{ tick: number; actions: JobAction[] }>, label: string, checkedFrom = 0) => {
    let previous: unknown;
    let previousStep = -1;
    frames.forEach(({ tick, actions }, frame) => {
      const { step, text, body } = bodyAt(tick, actions);
      const current = jobOf(lifecycle, body);
      if (frame < checkedFrom) {
        previous = current;
        previousStep = step;
        return;
      }
      if (frame === 0) {
        const status = statusOf(lifecycle, current);
        if (status === undefined || !lifecycle.initial.includes(status)) fail(0, 'initial', `${label}first status ${status} is not an initial state (${lifecycle.initial.join(', ')})`);
      }
      if (!passed.has(text)) checkBody(step, text, body, current, label);
      if (previous !== undefined) {
        const moved = checkTransition(lifecycle, previous, current, { direct: true });
        if (moved[0]) fail(step, moved[0].rule, `${label}${moved[0].message} (after step ${previousStep})`);
      }
      previous = current;
      previousStep = step;
    });
  };
  // Bodies (by JSON text) that passed the single-body checks: a poll after the last step, or a
  // cancel that changes nothing, answers a body already checked.
  const passed = new Set<string>();
  const checkBody = (step: number, text: string, body: unknown, current: unknown, label: string) => {
    // The schema check repeats the lifecycle's single-body rules: those are reported by the
    // lifecycle's own words and rule names, the rest as "schema".
    const snapshot = checkSnapshot(lifecycle, current);
    const checked = contract.validateResponse({ operation: 'getJob', status: 200, contentType: 'application/json', body });
    if (!checked.ok) {
      const issue = checked.issues[0];
      if (snapshot[0] && (singleBodyRules as readonly string[]).includes(issue?.rule ?? '')) fail(step, snapshot[0].rule, `${label}${snapshot[0].message}`);
      fail(step, 'schema', `${label}the rendered getJob body breaks the spec at ${issue?.pointer || '(body)'}: ${issue?.message}`);
    }
    if (snapshot[0]) fail(step, snapshot[0].rule, `${label}${snapshot[0].message}`);
    passed.add(text);
  };
  const ticks = (from: number, to: number, actions: JobAction[]) => Array.from({ length: to - from + 1 }, (_, i) => ({ tick: from + i, actions }));
  const last = scenario.steps.length + 2;
  run(ticks(0, last, respondAll), '');
  if (!canCancel(definition, scenario)) return;
  for (let at = 1; at < scenario.steps.length; at++) {
    const before = jobOf(lifecycle, bodyAt(at - 1, respondAll).body);
    if (lifecycle.terminal.includes(statusOf(lifecycle, before) ?? '')) break;
    // The client saw poll at-1, then cancelled: the answer to the cancel, and a later poll (no
    // step happens after a cancel, so every later poll answers the same document).
    const cancelled: JobAction[] = [...respondAll, { kind: 'cancel', ms: 0, tick: at - 1 }];
    // The polls up to the cancel are the uncancelled run's, which passed: the check starts at the cancel.
    run([{ tick: at - 1, actions: respondAll }, { tick: at - 1, actions: cancelled }, { tick: last, actions: cancelled }], `cancelled after poll ${at - 1}: `, 1);
  }
}
