import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** Options of {@link serveHandlers}. */
export interface ServeOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Serve HTTPS with these TLS options (key, cert, minVersion...). */
  readonly tls?: HttpsServerOptions;
}

/** A running loopback server. */
export interface ServedHandlers {
  /** `http://host:port` (IPv6 hosts in brackets). */
  readonly origin: string;
  readonly server: Server;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

async function handle(handlers: readonly RequestHandler[], origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch cannot carry: keep going, the validator will miss it, not crash.
    }
  }
  const method = req.method ?? 'GET';
  const request = new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(method !== 'GET' && method !== 'HEAD' ? { body } : {}),
    signal: controller.signal,
  });
  const response = await getResponse([...handlers], request);
  if (res.destroyed) return;
  if (!response) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`no handler for ${method} ${req.url}\n`);
    return;
  }
  if (response.type === 'error') {
    req.socket.destroy();
    return;
  }
  const out = Buffer.from(await response.arrayBuffer());
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  res.writeHead(response.status, outHeaders);
  res.end(out);
}

/**
 * Serves MSW request handlers on a real socket: a thin node:http(s) adapter around msw's
 * `getResponse`, so the same handlers that run in-process under `setupServer` face any sender in
 * any language. A handler that returns `HttpResponse.error()` drops the connection.
 *
 * @example
 * const served = await serveHandlers(session.handlers, { port: 8080 });
 */
export async function serveHandlers(handlers: readonly RequestHandler[], options: ServeOptions = {}): Promise<ServedHandlers> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let origin = '';
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(handlers, origin, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'text/plain' }).end(`handler failed: ${(error as Error).message}\n`);
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 65_000;
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `${options.tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
  return {
    origin,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
