/** A request as `curlCommand` writes it: method, absolute URL, headers as sent, body as text. */
export interface CurlRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A word for a POSIX shell: in single quotes, each `'` written as `'\''` (nothing inside is expanded). */
const quoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** Headers curl adds by itself unless told not to, by their lower-case names. */
const CURL_DEFAULTS: Readonly<Record<string, string>> = {
  accept: 'Accept',
  'user-agent': 'User-Agent',
  'content-type': 'Content-Type',
};

/** Bodies above this many bytes get `Expect: 100-continue` from curl 7 unless told not to. */
const EXPECT_THRESHOLD = 1024;

/**
 * A curl command line that sends the same request again: the same method, URL, headers and body
 * bytes. It runs in bash or any POSIX shell: every word is single-quoted, the body goes as one
 * `--data-binary` argument (a body cannot carry a NUL character this way; JSON text never does). The
 * headers curl would add by itself (Accept, User-Agent, Content-Type, Expect) are switched off when
 * the request had none, Content-Length and Host are curl's to write, and `-i` shows the answer's
 * status line and headers.
 *
 * @example
 * curlCommand({ method: 'POST', url: 'http://127.0.0.1:8080/n', headers: { 'content-type':
 * 'application/json' }, body: '{"a":1}' });
 * // curl -sS -i --globoff -X POST 'http://127.0.0.1:8080/n' \
 * //   -H 'content-type: application/json' \
 * //   -H 'Accept:' -H 'User-Agent:' \
 * //   --data-binary '{"a":1}'
 */
export function curlCommand(request: CurlRequest): string {
  const given = Object.entries(request.headers).filter(
    ([name]) => !['content-length', 'host'].includes(name.toLowerCase()),
  );
  const names = new Set(given.map(([name]) => name.toLowerCase()));
  const body = request.body ?? '';
  const header = ([name, value]: [string, string]) =>
    `-H ${quoted(value === '' ? `${name};` : `${name}: ${value}`)}`;
  const off = Object.entries(CURL_DEFAULTS)
    .filter(([name]) => !names.has(name) && (name !== 'content-type' || body !== ''))
    .map(([, name]) => `-H ${quoted(`${name}:`)}`);
  if (!names.has('expect') && Buffer.byteLength(body) > EXPECT_THRESHOLD)
    off.push(`-H ${quoted('Expect:')}`);
  const method = /^[A-Z]+$/.test(request.method) ? request.method : quoted(request.method);
  const lines = [
    `curl -sS -i --globoff -X ${method} ${quoted(request.url)}`,
    ...given.map(header),
    ...(off.length > 0 ? [off.join(' ')] : []),
    ...(body !== '' ? [`--data-binary ${quoted(body)}`] : []),
  ];
  return lines.join(' \\\n  ');
}
