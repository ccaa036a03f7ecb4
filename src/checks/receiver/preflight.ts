import { connect } from 'node:net';
import type { Finding } from '../../report/Report.js';
import { canConnect } from '../../http/canConnect.js';
import { tlsHandshake } from '../../http/receiverTls.js';

/** What the checks found before any notification was sent: findings, and whether to go on. */
export interface Preflight {
  readonly findings: readonly Finding[];
  readonly go: boolean;
}

/** True when the port answers a plain HTTP request: an https:// URL pointed at a plain-HTTP server. */
export function speaksPlainHttp(url: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(url.port || 443);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (value: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () =>
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`),
    );
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('HTTP/1.')));
    socket.once('error', () => done(false));
    socket.once('end', () => done(false));
  });
}

/**
 * Before any notification: something accepts connections at the URL, and for https:// the TLS
 * handshake succeeds with the kit's rules. Either failing is one finding instead of a failure per
 * check, worded as the fix: start the receiver, trust its CA, or use http:// for a plain-HTTP port.
 */
export async function preflight(
  url: URL,
  timeoutSeconds: number,
  ca: readonly string[] | undefined,
): Promise<Preflight> {
  const timeoutMs = Math.ceil(timeoutSeconds * 1000);
  const t0 = performance.now();
  const reachable = await canConnect(url, timeoutMs);
  if (reachable !== true) {
    const summary = `cannot connect to ${url.host}: ${reachable}; no check was run`;
    const title = 'the receiver accepts connections';
    const durationMs = performance.now() - t0;
    return {
      go: false,
      findings: [{ id: 'reachable', title, status: 'fail', summary, durationMs }],
    };
  }
  if (url.protocol !== 'https:') return { go: true, findings: [] };
  const t1 = performance.now();
  const { ok, summary } = await tlsVerdict(url, timeoutMs, ca);
  const title = "the receiver's certificate is trusted (TLS 1.2 or later, verified)";
  const finding: Finding = {
    id: 'tls',
    title,
    status: ok ? 'pass' : 'fail',
    summary,
    durationMs: performance.now() - t1,
  };
  return { go: ok, findings: [finding] };
}

/** The TLS handshake with the kit's rules, in words: what was verified, or what to do. */
async function tlsVerdict(
  url: URL,
  timeoutMs: number,
  ca: readonly string[] | undefined,
): Promise<{ ok: boolean; summary: string }> {
  const handshake = await tlsHandshake(url, timeoutMs, ca);
  if (handshake.ok) {
    const extra = ca !== undefined ? ` (trusting ${ca.length} extra CA certificate(s))` : '';
    return {
      ok: true,
      summary: `${handshake.protocol}, certificate of ${handshake.subject} verified${extra}`,
    };
  }
  if (await speaksPlainHttp(url, timeoutMs)) {
    const plain = new URL(url.href);
    plain.protocol = 'http:';
    const summary =
      `the server at ${url.host} does not speak TLS: it answered in plain HTTP; ` +
      `use ${plain.href}, or serve HTTPS on that port; no check was run`;
    return { ok: false, summary };
  }
  const hint =
    ca === undefined && /certificate|self.signed|UNABLE_TO|CERT_/i.test(handshake.reason)
      ? '; for a self-signed or private-CA certificate, trust its CA with --ca FILE (ca in code)'
      : '';
  return {
    ok: false,
    summary: `TLS handshake with ${url.host} failed: ${handshake.reason}${hint}; no check was run`,
  };
}
