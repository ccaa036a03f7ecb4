import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createHttpsServer,
  type ServerOptions as HttpsServerOptions,
} from 'node:https';
import { OptionError } from '../errors/OptionError.js';
import { listen } from '../http/listen.js';
import type { ScenarioSession } from './createScenarioSession.js';
import type { PlayRequest } from './ScenarioPlay.js';
import { SocketConnections } from './SocketConnections.js';

/** Path senders POST to when the scenarios are served on a socket. */
export const DEFAULT_SCENARIO_PATH = '/cpn';

/** Options of {@link serveScenarios}. */
export interface ServeScenariosOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Default {@link DEFAULT_SCENARIO_PATH}. */
  readonly path?: string;
  /** Serve HTTPS with these TLS options (key, cert, minVersion...). */
  readonly tls?: HttpsServerOptions;
}

/** Scenarios served on a socket. */
export interface ServedScenarios {
  /** `http://host:port` (IPv6 hosts in brackets). */
  readonly origin: string;
  readonly server: Server;
  /** Releases held requests and closes the server and every open connection. */
  close(): Promise<void>;
}

/** Lower-case header names; repeated headers joined with a comma, as fetch's Headers does. */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

async function play(
  session: ScenarioSession,
  origin: string,
  connections: SocketConnections,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const arrivedAt = performance.now();
  const connection = connections.of(req.socket);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const url = new URL(req.url ?? '/', origin);
  if (!session.serves(url.href)) {
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end(`nothing is served at ${url.pathname}; POST to ${session.url}\n`);
    return;
  }
  const request: PlayRequest = {
    method: req.method ?? 'GET',
    url: url.href,
    headers: headersOf(req),
    body: Buffer.concat(chunks),
    signal: controller.signal,
    arrivedAt,
    connection,
  };
  const action = await session.handle(request);
  if (res.destroyed) return;
  if (action.kind === 'drop') {
    connection.endingByReceiver();
    req.socket.destroy();
    return;
  }
  res.writeHead(action.status, action.headers);
  if (!res.shouldKeepAlive) connection.endingByReceiver();
  res.end(action.body ?? undefined);
}

/** An HTTPS server, or an OptionError naming `tls` when its certificate and key cannot be used. */
function httpsServer(
  tls: HttpsServerOptions,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  try {
    return createHttpsServer(tls, listener);
  } catch (error) {
    throw new OptionError([
      {
        option: 'tls',
        expected: 'a PEM certificate and its private key',
        found: `what cannot serve HTTPS (${(error as Error).message})`,
      },
    ]);
  }
}

/**
 * Serves a scenario session on a real socket (for any sender, in any language, or a real OCS with
 * `host: '0.0.0.0'`): a thin node:http(s) adapter around {@link ScenarioSession.handle}. The
 * session's URL becomes `http://host:port/cpn`; a dropped connection is a real reset, a held
 * request a real silence.
 *
 * @example
 * const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
 * const served = await serveScenarios(session);
 * // POST to session.urlFor('error-500-then-200'), then: judgeScenario(session,
 * 'error-500-then-200', 'delivered'); await served.close();
 */
export async function serveScenarios(
  session: ScenarioSession,
  options: ServeScenariosOptions = {},
): Promise<ServedScenarios> {
  let origin = '';
  const connections = new SocketConnections();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    play(session, origin, connections, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed)
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`scenario failed: ${(error as Error).message}\n`);
      else res.destroy();
    });
  };
  const server: Server = options.tls
    ? httpsServer(options.tls, listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (_error, socket) => socket.destroy());
  const listening = await listen(
    server,
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    options.tls !== undefined,
  );
  origin = listening.origin;
  session.setBaseUrl(`${origin}${options.path ?? DEFAULT_SCENARIO_PATH}`);
  return {
    origin,
    server,
    close: async () => {
      session.close();
      connections.endingAll();
      await listening.close();
    },
  };
}
