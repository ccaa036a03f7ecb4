/**
 * The relay: forwards a contact-processed notification (as OCS sent it to us) to the CRM, the way OCS
 * itself would, with fetch:
 * - POST, Content-Type: application/json, ETag = GSW_MESSAGE_GUID, the same bytes on every attempt;
 * - a redirect is never followed (redirect: 'manual'): a 3xx is a failure;
 * - each attempt is abandoned after the response timeout (AbortSignal.timeout);
 * - retried per the policy (OCS's http-retry-max-attempts and http-retry-applies-to), with a short,
 *   bounded backoff; any 2xx is success.
 */

/** OCS's documented retry conditions; the default policy retries the first three. */
export const RETRY_CONDITIONS = ['connection-failure', 'timeout', '3xx', '4xx', '5xx'];

export const DEFAULT_SETTINGS = Object.freeze({
  retryMaxAttempts: 0,
  retryAppliesTo: ['connection-failure', 'timeout', '5xx'],
  responseTimeout: 10,
  userAgent: 'acme-ocs-relay/1.0',
  /** The pause before retry n: initialMs doubled per retry, at most maxMs. */
  backoff: { initialMs: 100, maxMs: 1000 },
});

/** The retry condition of an HTTP status, or undefined for a 2xx. */
function statusCondition(status) {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 500) return '5xx';
  return '4xx';
}

/**
 * Sends one notification. Resolves 'delivered' (a 2xx) or 'failed' (given up); never rejects.
 *
 * @param {string} url the CRM endpoint (contact-processed-notification-uri)
 * @param {Record<string, unknown> | string} message the notification, or its exact bytes as received
 * @param {Partial<typeof DEFAULT_SETTINGS> & { onAttempt?: (event: { attempt: number, result:
 * string }) => void }} [settings]
 * @returns {Promise<'delivered' | 'failed'>}
 */
export async function forward(url, message, settings = {}) {
  const { retryMaxAttempts, retryAppliesTo, responseTimeout, userAgent, backoff } = {
    ...DEFAULT_SETTINGS,
    ...settings,
  };
  // Serialised once: every retry sends the same bytes (same GUID, same ETag, same GSW_TIMESTAMP).
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  const guid = String(JSON.parse(body).GSW_MESSAGE_GUID);
  const headers = {
    accept: '*/*',
    'content-type': 'application/json',
    etag: guid,
    'user-agent': userAgent,
  };

  for (let attempt = 0; ; attempt++) {
    let condition;
    let result;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(responseTimeout * 1000),
      });
      await response.arrayBuffer().catch(() => undefined); // read to the end, so the connection is reused
      condition = statusCondition(response.status);
      result = `HTTP ${response.status}`;
    } catch (error) {
      condition =
        error?.name === 'TimeoutError' || error?.name === 'AbortError'
          ? 'timeout'
          : 'connection-failure';
      result =
        condition === 'timeout'
          ? `no answer within ${responseTimeout} s`
          : `connection failure (${error?.cause?.code ?? error?.message})`;
    }
    settings.onAttempt?.({ attempt, result });
    if (condition === undefined) return 'delivered';
    if (!retryAppliesTo.includes(condition) || attempt >= retryMaxAttempts) return 'failed';
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt)),
    );
  }
}
