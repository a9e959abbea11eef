import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioDir, parseScenario } from '../../src/load/scenarios.js';

const ok = 'name: demo\ndescription: A demo\nsteps:\n  - at: 0\n    set: { /status: queued }\n  - at: 10\n    set: { /status: done }\n';

describe('parseScenario', () => {
  it('reads a valid file', () => {
    expect(parseScenario(ok, 'x/demo.yaml').steps).toHaveLength(2);
  });
  const bad: Array<[string, { text: string; want: RegExp }]> = [
    ['YAML syntax, with the line', { text: 'name: demo\nsteps: [\n  at: 0', want: /^x\/demo\.yaml:\d+: .*Fix the YAML/ }],
    ['unknown key, naming the step', { text: `${ok}    colour: red\n`, want: /x\/demo\.yaml: step 1: .*"colour" \(rule additionalProperties\)/ }],
    ['a set path that is not a JSON pointer', { text: ok.replace('set: { /status: done }', 'set: { status: done }'), want: /step 1 \(set\): .*\(rule pattern\)/ }],
    ['steps out of order', { text: ok.replace('at: 10', 'at: -1'), want: /step 1 \(at\)/ }],
    ['time going backwards', { text: `${ok}  - at: 5\n    set: { /status: x }\n`, want: /step 2: "at" 5 is before the previous step's 10/ }],
    ['an unknown branch', { text: `${ok}on:\n  pause: []\n`, want: /x\/demo\.yaml: on: .*"pause" \(rule additionalProperties\)/ }],
    ['name not matching the file', { text: ok.replace('name: demo', 'name: other'), want: /name "other" must match the file name "demo"/ }],
    ['unknown fault', { text: `${ok}  - at: 20\n    fault: { kind: meltdown }\n`, want: /step 2 \(fault\.kind\)/ }],
  ];
  it.each(bad)('rejects %s', (_name, { text, want }) => {
    expect(() => parseScenario(text, 'x/demo.yaml')).toThrow(want);
  });
});

describe('loadScenarioDir', () => {
  it('keeps the good files when one is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jc-scenarios-'));
    writeFileSync(join(dir, 'demo.yaml'), ok);
    writeFileSync(join(dir, 'broken.yaml'), 'name: broken\n: : :');
    const loaded = loadScenarioDir(dir);
    expect(loaded.scenarios.map((s) => s.name)).toEqual(['demo']);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]?.message).toContain('broken.yaml');
  });
});
