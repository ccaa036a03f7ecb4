/**
 * A real `redis-server` (Debian's package) for the tests of the shared dedupe store: started on a
 * free loopback port with nothing saved to disk, and stopped by its pid. `redisMissing` says what to
 * install when it is not there (for `needing(…)`, under which CI fails instead of skipping).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianPackage } from './requirement.js';

const REDIS_SERVER = '/usr/bin/redis-server';

export const redisMissing = debianPackage('redis-server', existsSync(REDIS_SERVER));

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT` (or `rediss://` with TLS; with the password when one is set). */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Pauses the server (SIGSTOP): it keeps its connections and answers nothing, as a hung Redis. */
  pause(): void;
  resume(): void;
  /** Stops it (SIGTERM to its pid) and waits until it has exited. */
  stop(): Promise<void>;
}

/** What to start it with: TLS (files of a certificate and key, and the CA that signed it), a password. */
export interface RedisServerOptions {
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca: string };
  readonly password?: string;
  /** Start on this port (a restart on the same address); default a free one. */
  readonly port?: number;
}

/** A free loopback port: listened on and closed again (redis-server cannot be given port 0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function serverArgs(port: number, dir: string, options: RedisServerOptions): string[] {
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  args.push('--daemonize', 'no', '--loglevel', 'warning');
  if (options.password !== undefined) args.push('--requirepass', options.password);
  if (options.tls === undefined) return [...args, '--port', String(port)];
  const { cert, key, ca } = options.tls;
  args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', cert);
  return [...args, '--tls-key-file', key, '--tls-ca-cert-file', ca, '--tls-auth-clients', 'no'];
}

/** Waits until something accepts TCP connections on the port (or the server exited). */
async function ready(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server did not listen on ${port} within 10 s`);
}

/** Starts redis-server on loopback; stop it with `stop()` (by its pid). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'cpn-redis-'));
  const child = spawn(REDIS_SERVER, serverArgs(port, dir, options), {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await ready(child, port);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    port,
    pid,
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGTERM');
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
