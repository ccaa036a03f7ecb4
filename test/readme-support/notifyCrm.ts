/**
 * Stands in for the user's own sender in the README's MSW example (`import { notifyCrm } from
 * './notifyCrm.js'`): a fetch-based sender with 2 retries and a 1 s timeout that never follows
 * redirects, as a user would write it. It resolves with its outcome: 'delivered' or 'failed'.
 */
export async function notifyCrm(
  url: string,
  message: object,
  retries = 2,
  timeoutSeconds = 1,
): Promise<'delivered' | 'failed'> {
  const body = JSON.stringify(message);
  const guid = (message as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', etag: guid, 'user-agent': 'my-relay/1.0' },
        body,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
      if (res.ok) return 'delivered';
      if (res.status < 500) return 'failed'; // 3xx and 4xx: not retried
    } catch {
      // timeout or connection failure: retry
    }
  }
  return 'failed';
}
