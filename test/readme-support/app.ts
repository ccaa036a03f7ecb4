/**
 * Stands in for the reader's own receiver in docs/receiver.md (`import { createApp, createSeenStore }
 * from './app.js'`): an app whose `listen` returns a node:http server, serving POST
 * /ocs/contact-processed as a team would write it (the reference receiver here), with a dedupe store
 * that takes a GUID as it appears in the message and keys on its own form of it. The `app-*.ts`
 * modules beside it are the same app with one fault each, which the documented routes must catch.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ContactProcessed } from '../../src/message/ContactProcessed.generated.js';
import { normalizeGuid } from '../../src/receiver/DedupeStore.js';
import { createReceiver } from '../../src/receiver/createReceiver.js';

export const NOTIFICATION_PATH = '/ocs/contact-processed';

/** The app's dedupe store: `claim` is true for a GUID not seen before (and now seen). */
export interface SeenStore {
  claim(guid: string): boolean;
  release(guid: string): void;
}

/** A store keyed on `key(guid)`. */
export function seenStoreKeyedOn(key: (guid: string) => string): SeenStore {
  const seen = new Set<string>();
  return {
    claim: (guid) => !seen.has(key(guid)) && seen.add(key(guid)) !== undefined,
    release: (guid) => void seen.delete(key(guid)),
  };
}

/** Any spelling of a GUID (braces, dashes, case) is the same GUID. */
export const createSeenStore = (): SeenStore => seenStoreKeyedOn(normalizeGuid);

export interface AppOptions {
  readonly store: SeenStore;
  /** The app's business logic, given each notification once. */
  readonly onNotification?: (message: ContactProcessed) => void;
}

/**
 * The app with a fault in front of it: `fault` answers a request (given its body) instead of the app,
 * or returns false to let the app answer.
 */
export function appWithFault(
  options: AppOptions,
  fault: (request: IncomingMessage, response: ServerResponse, body: Buffer) => boolean,
): Server {
  const receiver = createReceiver({
    path: NOTIFICATION_PATH,
    store: options.store,
    onNotification: ({ message }) => options.onNotification?.(message),
  });
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!fault(request, response, body)) receiver.handler(request, response, body);
    });
  });
}

/** The receiver as the reader wrote it. */
export const createApp = (options: AppOptions): Server => appWithFault(options, () => false);

/** Answers every request with a redirect to the same path with a trailing slash. */
export const redirectingApp = (status: number) => (options: AppOptions) =>
  appWithFault(options, (_request, response) => {
    response.writeHead(status, { location: `${NOTIFICATION_PATH}/` }).end();
    return true;
  });
