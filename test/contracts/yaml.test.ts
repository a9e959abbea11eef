/** The one YAML reader: YAML 1.2 core values, duplicate keys and alias bombs refused, lines named. */
import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, parseYaml, YamlSyntaxError } from '../../src/contracts/yaml.js';

/** A bomb of `levels` nested lists of ten aliases each to the level below: 10^levels leaves once expanded. */
const bomb = (levels: number) =>
  ['l0: &l0 [x,x,x,x,x,x,x,x,x,x]', ...Array.from({ length: levels }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(',')}]`)].join('\n');

const thrown = (text: string): YamlSyntaxError => {
  try {
    parseYaml(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) return error;
    throw error;
  }
  throw new Error('parsed');
};

describe('parseYaml', () => {
  it('reads YAML 1.2 core values: dates, yes/no and octal-looking text stay what 1.2 says', () => {
    expect(parseYaml('at: 2026-01-01\nok: yes\nn: 012\nm: 0o12\nnull: ~\nf: 1.5e3')).toEqual({ at: '2026-01-01', ok: 'yes', n: 12, m: 10, null: null, f: 1500 });
  });

  it('reads an anchor used a few times as the same value at every use', () => {
    expect(parseYaml('a: &x { k: [1, 2] }\nb: *x\nc: [*x, *x]')).toEqual({ a: { k: [1, 2] }, b: { k: [1, 2] }, c: [{ k: [1, 2] }, { k: [1, 2] }] });
  });

  it(`refuses a nested-alias bomb (past ${MAX_ALIASES} expanded aliases) before expanding it`, () => {
    const since = performance.now();
    expect(thrown(bomb(9)).message).toMatch(/aliases/);
    expect(performance.now() - since).toBeLessThan(2_000);
    expect(thrown(bomb(2)).message).toMatch(/aliases/);
    expect(() => parseYaml(bomb(1))).not.toThrow(); // ten aliases of a flat list
  });

  it('names the line of a duplicate key, a tab and a stray character', () => {
    expect(thrown('a: 1\nb: 2\na: 3')).toMatchObject({ line: 3, message: 'Duplicated mapping key' });
    expect(thrown('a:\n  b: 1\n\tc: 2').line).toBe(3);
    expect(thrown('a: 1\nb: [1, 2\nc: 3').line).toBeGreaterThan(1);
    expect(thrown('\u0000').message).toMatch(/^Null byte/);
  });

  it('refuses more than one document', () => {
    expect(thrown('a: 1\n---\nb: 2').message).toMatch(/single document/);
  });
});
