import { describe, expect, it } from 'vitest';
import { LATEST_CLOCK } from '../../src/mock/admin.js';
import { createMock } from '../../src/mock/mock.js';

const origin = 'http://127.0.0.1:4010';

describe('POST /__admin/clock is bounded', () => {
  it('a huge advanceMs (3e14) is a 400 naming the bound, and the mock keeps answering', async () => {
    const mock = createMock({ clock: 'manual', providers: ['figur'] });
    const before = mock.clock.now();
    const response = await mock.handle(new Request(`${origin}/__admin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 3e14 }) }));
    expect(response.status).toBe(400);
    const { message } = (await response.json()) as { message: string };
    expect(message).toContain(String(LATEST_CLOCK - before));
    expect(mock.clock.now()).toBe(before);
    for (const path of ['/__admin/health', '/__admin/providers']) expect((await mock.handle(new Request(`${origin}${path}`))).status).toBe(200);
    const [info] = mock.describe(origin);
    const poll = await mock.handle(new Request(`${info?.baseUrl}/v1/jobs/${info?.jobs[0]?.id}`, { headers: info?.tenants[0]?.headers ?? {} }));
    expect(poll.status).toBe(200);
  });

  it('the largest allowed advance still leaves every route answering', async () => {
    const mock = createMock({ clock: 'manual', providers: ['figur', 'osapi'] });
    const most = LATEST_CLOCK - mock.clock.now();
    const response = await mock.handle(new Request(`${origin}/__admin/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: most }) }));
    expect(response.status).toBe(200);
    const again = await mock.handle(new Request(`${origin}/__admin/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 1 }) }));
    expect(again.status).toBe(400);
    expect((await mock.handle(new Request(`${origin}/__admin/health`))).status).toBe(200);
    for (const info of mock.describe(origin)) {
      const path = mock.providers.get(info.id)?.contract.operation('getJob')?.path.replace(/\{[^}]+\}/, info.jobs[0]?.id ?? '');
      const poll = await mock.handle(new Request(`${info.baseUrl}${path}`, { headers: info.tenants[0]?.headers ?? {} }));
      expect(`${info.id} ${poll.status}`).toBe(`${info.id} 200`);
    }
  });
});
