import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { RecordingError } from '../errors/RecordingError.js';
import type { RecordedExchange } from './RecordedExchange.js';
import { recordingProblem } from './recordingProblem.js';

/** One exchange of a recording and the line it is on (counted from 1). */
export interface RecordingLine {
  readonly exchange: RecordedExchange;
  readonly line: number;
}

/** Whether the file's last byte is a newline: a last line without one was cut short when it is not JSON. */
async function endsWithNewline(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * The exchanges of an NDJSON recording with their line numbers, one at a time (a recording can be
 * larger than memory), each checked as {@link readRecording} says.
 */
export async function* readRecordingLines(file: string): AsyncGenerator<RecordingLine> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  /** A line that is not JSON: refused at the next line, or named as cut short when it was the last. */
  let broken: { line: number; why: string } | undefined;
  for await (const text of lines) {
    number += 1;
    if (broken !== undefined)
      throw new RecordingError(file, broken.line, `not JSON (${broken.why})`);
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      broken = { line: number, why: (error as Error).message };
      continue;
    }
    const problem = recordingProblem(value);
    if (problem !== undefined) throw new RecordingError(file, number, problem);
    yield { exchange: value as RecordedExchange, line: number };
  }
  if (broken === undefined) return;
  const why = (await endsWithNewline(file))
    ? `not JSON (${broken.why})`
    : `cut short (the file ends in the middle of this line: ${broken.why}); a recording copied ` +
      'before its writer was done, or a download that stopped early';
  throw new RecordingError(file, broken.line, why);
}

/**
 * The exchanges of an NDJSON recording, one at a time (a recording can be larger than memory). Every
 * line is checked before it is handed over: each field of the type a recorder writes, each body the
 * bytes its SHA-256 was taken of (a masked body excepted). A line that is not, a line that is not
 * JSON, and a last line cut short are a {@link RecordingError} naming the file and the line.
 */
export async function* readRecording(file: string): AsyncGenerator<RecordedExchange> {
  for await (const { exchange } of readRecordingLines(file)) yield exchange;
}
