/**
 * A deliberately simple sender on node:http with one switchable defect, to prove check-sender
 * catches each. `none` is a correct sender written independently of the reference one.
 * Run in-process with runDefectiveSender, or as a command: `node --import tsx defectiveSender.ts DEFECT`
 * (reads CPN_URL, CPN_COUNT, CPN_RETRY_MAX_ATTEMPTS, CPN_RESPONSE_TIMEOUT).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildContactProcessed } from '../../../src/message/buildContactProcessed.js';

export const defects = [
  'none',
  'follows-redirects',
  'new-guid-per-retry',
  'new-timestamp-per-retry',
  'no-etag',
  'etag-not-guid',
  'no-retry-on-5xx',
  'retries-400',
  'too-many-retries',
  'no-timeout',
  'wrong-content-type',
  'missing-mandatory-field',
  'integer-as-string',
  'accepts-any-status',
  'only-200-is-success',
  'chunked-body',
  'timeout-first-attempt-only',
] as const;
export type Defect = (typeof defects)[number];

export interface DefectiveTarget {
  readonly url: string;
  readonly count: number;
  readonly retryMaxAttempts: number;
  readonly responseTimeout: number;
}

interface Answer {
  readonly status?: number;
  readonly location?: string;
  readonly failure?: 'timeout' | 'connection';
}

function post(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeoutMs: number | undefined,
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ...(res.headers.location ? { location: res.headers.location } : {}),
        }),
      );
      res.on('error', () => resolve({ failure: 'connection' }));
    });
    let timer: NodeJS.Timeout | undefined;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        resolve({ failure: 'timeout' });
        req.destroy();
      }, timeoutMs);
    }
    req.on('error', () => resolve({ failure: 'connection' }));
    req.on('close', () => clearTimeout(timer));
    // end(body) lets node:http compute Content-Length; a write first sends the body chunked unless
    // the caller set Content-Length.
    if (body !== undefined && headers['content-length'] === undefined) req.write(body);
    req.end(headers['content-length'] === undefined ? undefined : body);
  });
}

const epoch = () => {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends one notification with the defect; resolves with what the sender concludes. */
export async function sendOne(
  target: DefectiveTarget,
  defect: Defect,
): Promise<'delivered' | 'failed'> {
  const message: Record<string, unknown> = {
    ...buildContactProcessed({
      GSW_MESSAGE_GUID: randomUUID(),
      GSW_CALL_ATTEMPT_GUID: randomUUID(),
      GSW_TIMESTAMP: epoch(),
    }),
  };
  if (defect === 'missing-mandatory-field') delete message.GSW_PHONE;
  if (defect === 'integer-as-string') message.GSW_CHAIN_ID = String(message.GSW_CHAIN_ID);
  const maxAttempts = 1 + target.retryMaxAttempts + (defect === 'too-many-retries' ? 2 : 0);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1 && defect === 'new-guid-per-retry') message.GSW_MESSAGE_GUID = randomUUID();
    if (attempt > 1 && defect === 'new-timestamp-per-retry') {
      await sleep(5);
      message.GSW_TIMESTAMP = epoch();
    }
    const body = Buffer.from(JSON.stringify(message));
    const headers: Record<string, string> = {
      accept: '*/*',
      'user-agent': 'DefectiveSender/1.0',
      'content-type': defect === 'wrong-content-type' ? 'text/plain' : 'application/json',
    };
    // Without Content-Length node:http sends the body chunked (Transfer-Encoding: chunked).
    if (defect !== 'chunked-body') headers['content-length'] = String(body.byteLength);
    if (defect !== 'no-etag')
      headers.etag = defect === 'etag-not-guid' ? randomUUID() : String(message.GSW_MESSAGE_GUID);
    const answer = await post(
      target.url,
      'POST',
      headers,
      body,
      defect === 'no-timeout' || (defect === 'timeout-first-attempt-only' && attempt > 1)
        ? undefined
        : target.responseTimeout * 1000,
    );
    const status = answer.status;
    if (status !== undefined && defect === 'accepts-any-status') return 'delivered';
    if (status !== undefined && status >= 200 && status < 300)
      return defect === 'only-200-is-success' && status !== 200 ? 'failed' : 'delivered';
    if (status !== undefined && status >= 300 && status < 400) {
      if (defect === 'follows-redirects' && answer.location) {
        const followed = await post(
          new URL(answer.location, target.url).href,
          'GET',
          {},
          undefined,
          target.responseTimeout * 1000,
        );
        return followed.status === 200 ? 'delivered' : 'failed';
      }
      return 'failed';
    }
    if (status !== undefined && status >= 400 && status < 500 && defect !== 'retries-400')
      return 'failed';
    if (status !== undefined && status >= 500 && defect === 'no-retry-on-5xx') return 'failed';
    await sleep(50);
  }
  return 'failed';
}

/**
 * Sends `target.count` notifications one after another, with the given defect; exit status 0 when
 * all were delivered.
 */
export async function runDefectiveSender(
  target: DefectiveTarget,
  defect: Defect,
): Promise<'delivered' | 'failed'> {
  let all: 'delivered' | 'failed' = 'delivered';
  for (let i = 0; i < target.count; i++)
    if ((await sendOne(target, defect)) === 'failed') all = 'failed';
  return all;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const defect = (process.argv[2] ?? 'none') as Defect;
  if (!defects.includes(defect)) {
    process.stderr.write(`unknown defect ${defect}; expected one of ${defects.join(', ')}\n`);
    process.exit(2);
  }
  const outcome = await runDefectiveSender(
    {
      url: process.env.CPN_URL ?? '',
      count: Number(process.env.CPN_COUNT),
      retryMaxAttempts: Number(process.env.CPN_RETRY_MAX_ATTEMPTS),
      responseTimeout: Number(process.env.CPN_RESPONSE_TIMEOUT),
    },
    defect,
  );
  process.exitCode = outcome === 'delivered' ? 0 : 1;
}
