import { describe, expect, it } from 'vitest';
import { Journal, type JournalInput, SharedHeaders } from '../../src/core/journal.js';

// The journal keeps the newest `capacity` entries in slots it reuses: what it lists must be the
// entries as added, newest first, and a listed entry must not change when later ones arrive.

const entry = (n: number, headers: JournalInput['headers'] = { 'x-n': String(n) }): JournalInput => ({
  at: Date.UTC(2026, 0, 1) + n,
  provider: n % 2 ? 'figur' : 'osapi',
  method: 'GET',
  path: `/jobs/${n}`,
  operation: n % 3 ? 'getJob' : null,
  tenant: n % 5 ? 'acme' : null,
  status: 200 + (n % 7),
  fault: n % 11 ? null : '503',
  headers,
});

const listed = (n: number) => {
  const e = entry(n);
  return { ...e, at: new Date(e.at).toISOString() };
};

describe('journal', () => {
  it('lists the newest entries first, as added, across many wrap-arounds', () => {
    const journal = new Journal(7);
    for (let n = 0; n < 50; n++) {
      journal.add(entry(n));
      const expected = Array.from({ length: Math.min(7, n + 1) }, (_, i) => listed(n - i));
      expect(journal.list()).toEqual(expected);
      expect(journal.list(3)).toEqual(expected.slice(0, 3));
    }
    expect(journal.size).toEqual({ kept: 7, total: 50 });
  });

  it('hands out copies: later entries and edits by the caller change nothing kept', () => {
    const journal = new Journal(3);
    const shared = new SharedHeaders({ accept: 'application/json' });
    journal.add(entry(1, shared));
    const [first] = journal.list();
    expect(first?.headers).toEqual({ accept: 'application/json' });
    (first as { path: string }).path = 'edited';
    (first?.headers as Record<string, string>).accept = 'edited';
    for (let n = 2; n < 10; n++) journal.add(entry(n));
    expect(first?.at).toBe(new Date(Date.UTC(2026, 0, 1) + 1).toISOString());
    expect(journal.list().map((e) => e.path)).toEqual(['/jobs/9', '/jobs/8', '/jobs/7']);
    journal.add(entry(10, shared));
    expect(journal.list(1)[0]?.headers).toEqual({ accept: 'application/json' });
  });

  it('starts over on clear', () => {
    const journal = new Journal(2);
    for (let n = 0; n < 5; n++) journal.add(entry(n));
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.add(entry(9));
    expect(journal.list()).toEqual([listed(9)]);
  });
});
