import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/contracts/index.js';

/** A step as a poll loop needs it: its time (ms after creation, or after a resume) and fault kind. */
export interface StepTime {
  at: number;
  fault?: string;
}

/** Each built-in scenario's step times and faults, by scenario name: provider tests poll at each one. */
export function scenarioStepTimes(provider: string): Map<string, StepTime[]> {
  const dir = join(packageRoot(), 'scenarios', provider);
  return new Map(
    readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => {
        const file = parse(readFileSync(join(dir, n), 'utf8')) as { name: string; steps: Array<{ at: number; fault?: { kind: string } }> };
        return [file.name, file.steps.map((s) => ({ at: s.at, ...(s.fault ? { fault: s.fault.kind } : {}) }))];
      }),
  );
}
