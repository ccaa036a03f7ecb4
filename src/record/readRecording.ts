import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CpnError } from '../errors/CpnError.js';
import type { RecordedExchange } from './RecordedExchange.js';

/** A recording that cannot be read: which file, which line, and why. */
export class RecordingError extends CpnError {
  override readonly name = 'RecordingError';

  constructor(file: string, line: number, why: string) {
    super('CPN_RECORDING', `${file} line ${line}: ${why}`);
  }
}

function checked(value: unknown, file: string, line: number): RecordedExchange {
  const record = value as Partial<RecordedExchange> | null;
  if (record === null || typeof record !== 'object' || record.v !== 1)
    throw new RecordingError(
      file,
      line,
      'expected a recorded exchange (a JSON object with "v": 1)',
    );
  if (typeof record.request?.method !== 'string' || typeof record.request.sha256 !== 'string')
    throw new RecordingError(
      file,
      line,
      'expected a "request" with its method, headers, body and sha256',
    );
  return record as RecordedExchange;
}

/** The exchanges of an NDJSON recording, one at a time (a recording can be larger than memory). */
export async function* readRecording(file: string): AsyncGenerator<RecordedExchange> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RecordingError(file, number, `not JSON (${(error as Error).message})`);
    }
    yield checked(value, file, number);
  }
}
