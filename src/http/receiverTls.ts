import { isIP } from 'node:net';
import { connect, rootCertificates, type ConnectionOptions } from 'node:tls';
import { closedByBoth } from './closedByBoth.js';

/**
 * The lowest TLS version the kit accepts from a receiver: OCS sends notifications over HTTPS with
 * TLS 1.2 (facts.md).
 */
export const RECEIVER_TLS_MIN_VERSION = 'TLSv1.2';

/**
 * The TLS options of every connection the kit makes to a receiver (probes, forwarded contract
 * requests, pre-deliveries): TLS 1.2 minimum, certificate verification always on, and the extra
 * CA certificates (PEM) trusted besides Node's bundled ones.
 */
export function receiverTlsOptions(
  ca: readonly string[] | undefined,
): ConnectionOptions & { minVersion: typeof RECEIVER_TLS_MIN_VERSION; rejectUnauthorized: true } {
  return {
    minVersion: RECEIVER_TLS_MIN_VERSION,
    rejectUnauthorized: true,
    ...(ca !== undefined && ca.length > 0 ? { ca: [...rootCertificates, ...ca] } : {}),
  };
}

/** A TLS handshake that succeeded, or why it failed. */
export type TlsHandshake =
  | { readonly ok: true; readonly protocol: string; readonly subject: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Makes one TLS handshake with the URL's host and port using {@link receiverTlsOptions}, then closes
 * it. Used before a check run of an https:// receiver so that an untrusted certificate gets one clear
 * finding naming the certificate problem instead of a failure per check.
 */
export function tlsHandshake(
  url: URL,
  timeoutMs: number,
  ca: readonly string[] | undefined,
): Promise<TlsHandshake> {
  const port = Number(url.port || 443);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...receiverTlsOptions(ca),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, reason: `no TLS handshake within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const subject = socket.getPeerCertificate().subject?.CN ?? '(no common name)';
      const protocol = socket.getProtocol() ?? 'TLS';
      void closedByBoth(socket).then(() =>
        resolve({ ok: true, protocol, subject: String(subject) }),
      );
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, reason: describeTlsError(error) });
    });
  });
}

/**
 * One line for a TLS failure: OpenSSL's reason without its file and line, the code, and what a
 * version refusal means.
 */
function describeTlsError(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  const text =
    /SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1] ??
    error.message.split('\n')[0] ??
    error.message;
  const version = /PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE/.test(code)
    ? `; the receiver offers no TLS version from ${RECEIVER_TLS_MIN_VERSION.slice(4)} up`
    : '';
  return `${text}${code !== '' ? ` (${code})` : ''}${version}`;
}
