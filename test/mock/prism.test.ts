import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/mock/mock.js';
import { createServer } from 'node:net';
import { prismPort, startPrism } from '../../src/node/prism.js';
import { providerIds } from '../../src/providers/ids.js';
import { driverOf } from '../helpers/drive.js';

// Prism runs as child processes (sockets to them are what --mode schema is); the mock is reached through its door.
describe('--mode schema: schema-driven answers through Prism', () => {
  it('every spec loads in Prism and its getJob example comes back valid', async () => {
    // Seven Prism children start at once: on a busy 2-core machine that takes longer than the CLI's default.
    const prism = await startPrism(providerIds, { timeoutMs: 90_000 });
    try {
      const drive = driverOf(createMock({ clock: 'manual', fallback: prism.fallback, schemaOnly: true }));
      for (const id of providerIds) {
        const info = drive.info(id);
        const url = drive.url(id, 'getJob', info.jobs[0]?.id as string);
        const response = await drive.mock.handle(new Request(url, { headers: drive.headers(id) }));
        const observed = await drive.observe(id, 'getJob', response.clone());
        expect(`${id} ${response.status}`).toBe(`${id} 200`);
        expect(observed.issues, id).toEqual([]);
        expect(response.headers.get('x-job-contracts-source')).toBe('prism');
        const noAuth = await drive.mock.handle(new Request(url));
        expect(`${id} ${noAuth.status}`).toBe(`${id} 401`);
      }
    } finally {
      await prism.close();
    }
  }, 180_000);

  it("derives each Prism child's port from --port (port + 1 + the provider's place among those served), and says which port is taken", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as { port: number }).port;
    // figur second among the served providers: its Prism would sit on --port + 2.
    await expect(prismPort('figur', 1, taken - 2, 7)).rejects.toThrow(new RegExp(`Prism for figur on 127\\.0\\.0\\.1:${taken} \\(--port \\+ 2\\), which is in use`));
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    expect(await prismPort('figur', 1, taken - 2, 7)).toBe(taken);
    expect(await prismPort('figur', 1, 0, 7)).toBeGreaterThan(0);
    await expect(prismPort('scenario', 6, 65535, 7)).rejects.toThrow(/out of range/);
  });

  it('says clearly when Prism cannot start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jc-prism-'));
    writeFileSync(join(dir, 'figur.yaml'), 'openapi: 3.1.0\ninfo: [not, an, object\n');
    await expect(startPrism(['figur'], { specsDir: dir, timeoutMs: 15_000 })).rejects.toThrow(/Prism could not start for figur .*figur\.yaml.*run without --mode schema/);
  }, 60_000);
});
