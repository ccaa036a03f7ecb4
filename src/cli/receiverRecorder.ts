import type { SecretMask } from '../http/SecretMask.js';
import { toRecordedExchange } from '../record/RecordedExchange.js';
import { RecordWriter } from '../record/RecordWriter.js';
import type { AnsweredExchange } from '../receiver/ReceiverTypes.js';
import { normalizeHeaders } from '../message/validateNotificationRequest.js';
import { sayOutputFailure } from './reportOutputs.js';

/** How many GUIDs the recorder counts attempts for (bounded memory; older ones start again at 1). */
const COUNTED = 100_000;

/**
 * `receive --record FILE`: each exchange as a line of the recording, written before its answer goes
 * out, attempts counted per GUID, its secrets masked by `mask` (null keeps them: `--record-secrets`).
 * A file that cannot be opened is refused at once (an OutputError); a line that cannot be written
 * later is said on standard error at once.
 */
export function receiverRecorder(
  file: string,
  mask: SecretMask | null,
): {
  writer: RecordWriter;
  onAnswered: (e: AnsweredExchange) => void;
} {
  const writer = new RecordWriter(
    file,
    (failure) => sayOutputFailure({ output: '--record', ...failure }),
    'record',
    mask,
  );
  const attempts = new Map<string, number>();
  const onAnswered = (exchange: AnsweredExchange) => {
    const etag = typeof exchange.headers.etag === 'string' ? exchange.headers.etag : undefined;
    const guid = exchange.outcome.answer.guid ?? etag ?? null;
    const attempt = guid === null ? 1 : (attempts.get(guid) ?? 0) + 1;
    if (guid !== null) {
      attempts.delete(guid);
      attempts.set(guid, attempt);
      if (attempts.size > COUNTED) attempts.delete(attempts.keys().next().value!);
    }
    const answerBody = Buffer.from(exchange.answerBody, 'utf8');
    writer.write(
      toRecordedExchange({
        receivedAt: exchange.receivedAt,
        guid,
        attempt,
        request: { ...exchange, headers: normalizeHeaders(exchange.headers) },
        answer: {
          status: exchange.outcome.status,
          headers: {
            'content-type': 'application/json',
            'content-length': String(answerBody.byteLength),
          },
          body: answerBody,
        },
        durationMs: exchange.durationMs,
      }),
    );
  };
  return { writer, onAnswered };
}
