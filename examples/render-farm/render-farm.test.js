import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJobHandlers } from 'job-contracts/msw';

const farm = createJobHandlers({ spec: 'render-farm.yaml', scenarios: 'scenarios', clock: 'manual' });
const server = setupServer(...farm.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('starts a render and polls it until it is done', async () => {
  const start = await fetch('https://api.render-farm.example/v1/renders', {
    method: 'POST',
    headers: { ...farm.tenants.acme, 'content-type': 'application/json' },
    body: JSON.stringify({ scene_url: 'https://assets.example/teapot.blend' }),
  });
  expect(start.status).toBe(202);
  const { id } = await start.json();
  let render;
  for (;;) {
    const res = await fetch(`https://api.render-farm.example/v1/renders/${id}`, { headers: farm.tenants.acme });
    render = await res.json();
    if (render.status === 'done' || render.status === 'failed') break;
    farm.advance(1000); // the manual clock moves instead of waiting
  }
  expect(render.output_url).toMatch(/\.mp4$/);
});

it('sees a render fail with its error', () => {
  const id = farm.createJob('failure');
  expect(farm.runToEnd(id).error.code).toBe('scene_unreadable');
});
