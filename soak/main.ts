/**
 * `npm run soak [-- --seconds 15 --connections 100 --sample 5]`: prints the soak's figures;
 * exits 1 on any unexpected answer, connection error or missed health check.
 */
import { parseArgs } from 'node:util';
import { formatReport, runSoak, soakFailed } from './index.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    sample: { type: 'string', default: '5' },
  },
});
const number = (name: string, raw: string | undefined, min: number) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`soak: --${name} must be a whole number ≥ ${min}, got "${raw}".\n`);
    process.exit(2);
  }
  return value;
};
const options = { seconds: number('seconds', values.seconds, 1), connections: number('connections', values.connections, 1), sampleEvery: number('sample', values.sample, 1) };
process.stdout.write(`soak: ${options.seconds} s with ${options.connections} connections; a memory sample every ${options.sampleEvery} s\n`);
const report = await runSoak({ ...options, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(formatReport(report));
process.exitCode = soakFailed(report) ? 1 : 0;
