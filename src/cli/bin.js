#!/usr/bin/env node
// The `job-contracts` command. Runs the built dist/ when there is one (an installed package),
// otherwise the TypeScript sources through tsx (a clone of the repository).
import { existsSync } from 'node:fs';

const built = new URL('../../dist/src/cli/run.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./run.ts', import.meta.url).href);
}
