#!/usr/bin/env node
// The `job-contracts` command. In a clone of the repository (its TypeScript sources are next to
// this file) it runs them through tsx, so it never runs a dist/ left over from an earlier build;
// the installed package ships dist/ and this file only, and runs the built JavaScript.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('./run.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../../dist/src/cli/run.js', import.meta.url).href);
}
