/**
 * A sender written independently of the kit's, on node:http, for the proxy tests: it posts a body as
 * OCS would, and can be made to misbehave the way real senders do (a new GUID or timestamp on each
 * retry, too many retries, following a redirect, more connections than its pool).
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface RawAnswer {
  readonly status: number;
  readonly location?: string;
  readonly body: string;
}

/** One POST; resolves with the answer, or undefined when it gave up after `timeoutMs`. */
export function post(
  url: string,
  body: string,
  etag: string,
  options: { agent?: Agent; timeoutMs?: number; method?: string } = {},
): Promise<RawAnswer | undefined> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        agent: options.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          etag,
          'user-agent': 'OCS/8.1.528.15',
          accept: '*/*',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const location = res.headers.location;
          resolve({ status: res.statusCode ?? 0, body: text, ...(location ? { location } : {}) });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve(undefined);
    }, options.timeoutMs ?? 2000);
    req.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    req.end(body);
  });
}

/** A notification body with a given GUID and timestamp (everything else fixed). */
export function bodyWith(
  message: Record<string, unknown>,
  guid: string,
  timestamp?: string,
): string {
  return JSON.stringify({
    ...message,
    GSW_MESSAGE_GUID: guid,
    ...(timestamp ? { GSW_TIMESTAMP: timestamp } : {}),
  });
}

/** How a misbehaving sender changes a retry. */
export type Defect = 'new-guid' | 'new-timestamp' | 'none';

/**
 * Sends one notification with up to `attempts` attempts, retrying on anything but a 2xx; the defect
 * decides what each retry changes. Returns the answers.
 */
export async function sendWithRetries(
  url: string,
  message: Record<string, unknown>,
  attempts: number,
  defect: Defect,
  options: { agent?: Agent; timeoutMs?: number } = {},
): Promise<(RawAnswer | undefined)[]> {
  const answers: (RawAnswer | undefined)[] = [];
  let guid = String(message.GSW_MESSAGE_GUID);
  for (let i = 0; i < attempts; i++) {
    if (i > 0 && defect === 'new-guid') guid = randomUUID();
    const timestamp =
      i > 0 && defect === 'new-timestamp' ? `${Math.floor(Date.now() / 1000) + i}.000` : undefined;
    const answer = await post(url, bodyWith(message, guid, timestamp), guid, options);
    answers.push(answer);
    if (answer !== undefined && answer.status >= 200 && answer.status < 300) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return answers;
}
