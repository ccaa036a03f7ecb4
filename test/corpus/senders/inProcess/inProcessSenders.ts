/**
 * Senders on node:http clients (axios, got, node-fetch, superagent) as a relay writes them, each
 * with the client's redirect setting as given: its default, or the option that turns following
 * off. Judged in-process under msw/node, where the client's ClientRequest is intercepted (no socket).
 * Everything else is conforming: a response timeout on every attempt, the policy's retries with the
 * same body, a 2xx (and only a 2xx) is delivered. Library defaults relied on are listed in
 * ./senderCorpus.ts's header (axios 1.21.1, got 14.6.6, node-fetch 3.3.2, superagent 10.4.2).
 */
import axios from 'axios';
import got, { type RequestError } from 'got';
import nodeFetch from 'node-fetch';
import superagent from 'superagent';
import type { SenderExpectation } from '../../../../src/scenarios/Scenario.js';
import {
  deliverWithRetries,
  notificationHeaders,
  type AttemptResult,
} from './deliverWithRetries.js';

/** One in-process sender: delivers one notification to a URL under the session's settings. */
export type InProcessSender = (
  url: string,
  message: Record<string, unknown>,
  settings: SenderExpectation,
) => Promise<'delivered' | 'failed'>;

const timeoutMs = (settings: SenderExpectation) => settings.responseTimeout * 1000;

/** axios: follows redirects by default (follow-redirects, maxRedirects 5); `maxRedirects: 0` does not. */
export const axiosSender =
  (options: { readonly maxRedirects?: number }): InProcessSender =>
  (url, message, settings) =>
    deliverWithRetries(settings, async (): Promise<AttemptResult> => {
      try {
        const response = await axios.post(url, JSON.stringify(message), {
          headers: notificationHeaders(String(message.GSW_MESSAGE_GUID)),
          signal: AbortSignal.timeout(timeoutMs(settings)),
          validateStatus: () => true,
          responseType: 'text',
          ...options,
        });
        return response.status;
      } catch (error) {
        return axios.isCancel(error) ? 'timeout' : 'connection-failure';
      }
    });

/** got: follows redirects by default (followRedirect true); `followRedirect: false` does not. */
export const gotSender =
  (options: { readonly followRedirect?: boolean }): InProcessSender =>
  (url, message, settings) =>
    deliverWithRetries(settings, async (): Promise<AttemptResult> => {
      try {
        const response = await got.post(url, {
          body: JSON.stringify(message),
          headers: notificationHeaders(String(message.GSW_MESSAGE_GUID)),
          timeout: { request: timeoutMs(settings) },
          retry: { limit: 0 },
          throwHttpErrors: false,
          ...options,
        });
        return response.statusCode;
      } catch (error) {
        return (error as RequestError).code === 'ETIMEDOUT' ? 'timeout' : 'connection-failure';
      }
    });

/** node-fetch: follows redirects by default (redirect 'follow'); `redirect: 'manual'` does not. */
export const nodeFetchSender =
  (options: { readonly redirect?: 'follow' | 'manual' }): InProcessSender =>
  (url, message, settings) =>
    deliverWithRetries(settings, async (): Promise<AttemptResult> => {
      try {
        const response = await nodeFetch(url, {
          method: 'POST',
          body: JSON.stringify(message),
          headers: notificationHeaders(String(message.GSW_MESSAGE_GUID)),
          signal: AbortSignal.timeout(timeoutMs(settings)),
          ...options,
        });
        await response.arrayBuffer();
        return response.status;
      } catch (error) {
        return (error as Error).name === 'AbortError' ? 'timeout' : 'connection-failure';
      }
    });

/** superagent: follows redirects by default (.redirects(5)); `.redirects(0)` does not. */
export const superagentSender =
  (options: { readonly redirects?: number }): InProcessSender =>
  (url, message, settings) =>
    deliverWithRetries(settings, async (): Promise<AttemptResult> => {
      let request = superagent
        .post(url)
        .set(notificationHeaders(String(message.GSW_MESSAGE_GUID)))
        // superagent sends no User-Agent of its own; OCS's is mandatory.
        .set('user-agent', 'crm-relay/1.0 (superagent)')
        .timeout({ response: timeoutMs(settings) })
        .ok(() => true);
      if (options.redirects !== undefined) request = request.redirects(options.redirects);
      try {
        const response = await request.send(JSON.stringify(message));
        return response.status;
      } catch (error) {
        return (error as { timeout?: number }).timeout !== undefined
          ? 'timeout'
          : 'connection-failure';
      }
    });
