/**
 * `file:line: …` for a problem that knows where in its file it is (a JSON pointer): the file is
 * parsed again with positions only when a problem is printed, so loading never pays for them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { splitPointer } from '../core/pointer.js';
import type { ConfigError } from '../errors/index.js';

// The yaml package keeps every node's position (a CST); loaded only when a problem is printed.
const require = createRequire(import.meta.url);
const yaml = () => require('yaml') as typeof import('yaml');

/** The 1-based line of the deepest node on `pointer`'s path in a YAML or JSON text (the key's line for a member). */
export function lineOf(text: string, pointer: string): number | undefined {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const segment of splitPointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as { range?: [number] } | undefined;
      if (!/^\d+$/.test(segment) || !item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * The problem's message with its line (`file: step 3: …` → `file:41: step 3: …`), so an editor
 * jumps there. Messages without a pointer, that carry a line already, or whose file cannot be
 * read, are kept.
 */
export function located(problem: ConfigError): string {
  const { file, message, pointer } = problem;
  if (!file || pointer === undefined || !message.startsWith(`${file}: `)) return message;
  let line: number | undefined;
  try {
    line = lineOf(readFileSync(file, 'utf8'), pointer);
  } catch {
    return message;
  }
  return line === undefined ? message : `${file}:${line}${message.slice(file.length)}`;
}
