import { connect } from 'node:net';

/** One part of a raw request: bytes to write, or a pause in milliseconds. */
export type RawPart = string | Buffer | { readonly pauseMs: number };

/** The status code and body of the answer to a raw request, or what happened instead. */
export interface RawAnswer {
  readonly status: number | undefined;
  readonly body: string;
  readonly error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes a request byte for byte on a fresh loopback socket (so malformed and slow requests can be
 * sent as they are) and reads until the server closes, at most `timeoutMs`.
 */
export function rawRequest(
  port: number,
  parts: readonly RawPart[],
  timeoutMs = 5000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let error: string | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const body = text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      resolve(
        error === undefined
          ? { status: status === undefined ? undefined : Number(status), body }
          : { status: status === undefined ? undefined : Number(status), body, error },
      );
    };
    const timer = setTimeout(() => {
      error = 'timed out';
      finish();
    }, timeoutMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (e) => {
      error ??= e.message;
    });
    socket.on('close', finish);
    socket.on('connect', async () => {
      for (const part of parts) {
        if (finished || socket.destroyed) return;
        if (typeof part === 'object' && !Buffer.isBuffer(part)) await sleep(part.pauseMs);
        else socket.write(part);
      }
    });
  });
}

/** A complete HTTP/1.1 request with `Connection: close` and a correct Content-Length unless given. */
export function httpRequest(options: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Buffer {
  const body =
    options.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(options.body, 'utf8');
  const headers: Record<string, string> = {
    host: '127.0.0.1',
    connection: 'close',
    'content-type': 'application/json',
    'content-length': String(body.byteLength),
    ...options.headers,
  };
  const head = `${options.method ?? 'POST'} ${options.path ?? '/'} HTTP/1.1\r\n${Object.entries(
    headers,
  )
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
