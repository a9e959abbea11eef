import type { Contract } from '../contracts/contracts.js';
import { createRandom } from '../engine/random.js';
import type { Scenario } from '../engine/scenario.js';
import { type JobAction, type Position, timelineAt } from '../engine/timeline.js';
import { ConfigError } from '../errors/index.js';
import { checkSnapshot, checkTransition, jobOf, singleBodyRules, statusOf } from '../lifecycle/evaluate.js';
import type { JobRecord, ProviderAdapter } from '../providers/adapter.js';

const PROBE_EPOCH = Date.UTC(2026, 0, 1);

/**
 * Renders every step of a scenario through the provider's renderer and checks each body
 * against the getJob schema and `x-job-lifecycle` — first state initial, direct transitions
 * only, snapshot rules, append-only and monotonic fields. Also cancels at every step when the
 * provider can cancel. Throws a ConfigError naming the file, the step and the rule.
 */
export function checkScenario(scenario: Scenario, file: string, adapter: ProviderAdapter, contract: Contract): void {
  const lifecycle = contract.spec.lifecycle;
  const random = createRandom(`probe:${adapter.id}:${scenario.name}`);
  const record: JobRecord = {
    id: adapter.newJobId(random, 0, PROBE_EPOCH),
    provider: adapter.id,
    tenant: 'acme',
    scenario,
    createdAt: PROBE_EPOCH,
    index: 0,
    input: scenario.input ?? {},
    random,
  };
  const text = (key: string) => `probe text ${key}`;
  const ctx = { job: record, iso: (ms: number) => new Date(PROBE_EPOCH + ms).toISOString() };
  const fail = (step: number, rule: string, message: string): never => {
    throw new ConfigError(`${file}: step ${step}: ${message} (rule ${rule} of x-job-lifecycle in ${contract.spec.file}).`, { file });
  };

  /** Renders the job at each (tick, actions) in order and checks every body and every move. */
  const run = (frames: Array<{ tick: number; actions: JobAction[] }>, label: string) => {
    let previous: unknown;
    let previousStep = -1;
    frames.forEach(({ tick, actions }, frame) => {
      const position: Position = { ms: 0, tick, by: 'tick' };
      const line = timelineAt(scenario, actions, position, text, adapter.cancel);
      const body = adapter.renderJob(line.state, ctx);
      const where = line.step;
      const checked = contract.validateResponse({ operation: 'getJob', status: 200, contentType: 'application/json', body });
      if (!checked.ok) {
        const issue = checked.issues[0];
        fail(where, (singleBodyRules as readonly string[]).includes(issue?.rule ?? '') ? (issue?.rule as string) : 'schema', `${label}the rendered getJob body breaks the spec at ${issue?.pointer || '(body)'}: ${issue?.message}`);
      }
      const job = jobOf(lifecycle, body);
      if (frame === 0) {
        const status = statusOf(lifecycle, job);
        if (status === undefined || !lifecycle.initial.includes(status)) fail(0, 'initial', `${label}first status ${status} is not an initial state (${lifecycle.initial.join(', ')})`);
      }
      const snapshot = checkSnapshot(lifecycle, job);
      if (snapshot[0]) fail(where, snapshot[0].rule, `${label}${snapshot[0].message}`);
      if (previous !== undefined) {
        const moved = checkTransition(lifecycle, previous, job, { direct: true });
        if (moved[0]) fail(where, moved[0].rule, `${label}${moved[0].message} (after step ${previousStep})`);
      }
      previous = job;
      previousStep = where;
    });
  };
  const ticks = (from: number, to: number, actions: JobAction[]) => Array.from({ length: to - from + 1 }, (_, i) => ({ tick: from + i, actions }));
  const last = scenario.steps.length + 2;

  // Answer each wait at once, so the steps after it are checked too.
  const waits = scenario.steps.filter((s) => s.wait === 'respond').length;
  const respondAll: JobAction[] = [];
  for (let i = 0; i < waits; i++) respondAll.push({ kind: 'respond', ms: 0, tick: 0, payload: { response: 'probe answer' } });
  // Ticks for responds: resolved as soon as reached (tick 0 means "already answered").
  run(ticks(0, last, respondAll), '');
  if (adapter.cancel) {
    for (let at = 1; at < scenario.steps.length; at++) {
      const before = timelineAt(scenario, respondAll, { ms: 0, tick: at - 1, by: 'tick' }, text);
      if (lifecycle.terminal.includes(before.state.status)) break;
      // The client saw poll at-1, then cancelled: the answer to the cancel and every later poll.
      const cancelled = [...respondAll, { kind: 'cancel' as const, ms: 0, tick: at - 1 }];
      run([...ticks(0, at - 1, respondAll), ...ticks(at - 1, last, cancelled)], `cancelled after poll ${at - 1}: `);
    }
  }
}
