/**
 * A job's remembered getJob answer is a cache: bounded by the memory it holds (its text and the
 * job document it keeps, RENDER_BUDGET_BYTES per provider however many jobs are polled), and
 * never wrong — a job whose memo was dropped answers the very same body when polled again.
 */
import { describe, expect, it } from 'vitest';
import { MEMO_BYTES_PER_CHAR, RENDER_BUDGET_BYTES } from '../../src/core/render.js';
import { openMock } from '../helpers/drive.js';

describe('remembered answers', () => {
  it('hold at most the memory budget, whatever the number of jobs polled', async () => {
    const drive = openMock({ providers: ['osapi'], seedJobs: false, maxJobs: 10_000 });
    const mock = drive.mock;
    const ids = Array.from({ length: 3000 }, () => mock.createJob('osapi', 'stuck', 'acme').id);
    const poll = async (id: string) => (await mock.handle(new Request(drive.url('osapi', 'getJob', id), { headers: drive.headers('osapi', 'acme') }))).text();
    const first = await poll(ids[0] as string);
    expect(JSON.parse(first)).toMatchObject({ id: ids[0] });
    for (const id of ids.slice(1)) await poll(id);

    const provider = mock.providers.get('osapi');
    let held = 0;
    let largest = 0;
    let remembered = 0;
    for (const job of provider?.store.all() ?? []) {
      if (!job.memo) continue;
      remembered++;
      held += job.memo.text.length * MEMO_BYTES_PER_CHAR;
      largest = Math.max(largest, job.memo.text.length * MEMO_BYTES_PER_CHAR);
    }
    expect(remembered).toBeGreaterThan(100);
    expect(remembered).toBeLessThan(3000);
    expect(held).toBeLessThanOrEqual(RENDER_BUDGET_BYTES + largest);
    // The first job's memo went long ago; its answer is made again, the same but for the request id.
    expect(provider?.store.get(ids[0] as string)?.memo).toBeUndefined();
    expect(await poll(ids[0] as string)).toBe(first);
  });
});
