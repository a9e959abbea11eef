import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

/** Runs the CLI in-process with `stdin`, returning its exit code and output. */
export async function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    stdin: Object.assign(
      (async function* () {
        if (stdin !== undefined) yield stdin;
      })(),
      { isTTY: stdin === undefined },
    ),
    exit: (c) => {
      code = c;
    },
    color: false,
  };
  await runCli(args, io);
  return { code, stdout, stderr };
}
