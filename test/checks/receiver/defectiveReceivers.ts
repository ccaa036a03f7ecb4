import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReceiver } from '../../../src/receiver/createReceiver.js';

/**
 * A receiver with one realistic defect: given the parsed body (or undefined when not JSON), the GUIDs
 * it has seen, the raw body and how many requests came before this one, it answers instead of the
 * reference receiver, or returns undefined to let it answer.
 */
type Defect = (
  body: Record<string, unknown> | undefined,
  seen: Set<string>,
  raw: Buffer,
  before: number,
) => { status: number; headers?: Record<string, string>; body?: string } | undefined | 'slow';

/** The ids of the contract's findings, one per interaction. */
const pact = (...slugs: string[]) => slugs.map((slug) => `pact-${slug}`);
const DUPLICATE = 'a-duplicate-delivery-of-an-already-received-notification';
const LIFO = 'a-notification-from-a-cx-contact-lifo-campaign-group';
const PREDICTIVE = 'a-notification-from-a-predictive-campaign-group';
const VENDOR = 'a-notification-with-a-vendor-extended-call-result';
const EVERY_OPTIONAL = 'a-notification-with-every-optional-field';
const MANDATORY_ONLY = 'a-notification-with-only-the-mandatory-fields';
const USER_FIELDS = 'a-notification-with-user-defined-fields';
const VOICE = 'a-voice-notification';
const EMAIL = 'an-email-notification';
const SMS = 'an-sms-notification';
/** The probes that a valid message is accepted. */
const TOLERANCE = [
  'accepts-unknown-user-fields',
  'accepts-vendor-enum-values',
  'accepts-unknown-gsw-fields',
];
/** The probes that a valid notification of 16 KiB and of 64 KiB is accepted. */
const LARGE = ['accepts-large-notification', 'accepts-largest-notification'];
const REFUSALS = ['rejects-unparseable-body', 'rejects-missing-mandatory'];
/** Every valid message refused alike: the common cause, every contract request and every acceptance probe. */
const EVERY_VALID = [
  'common-cause',
  ...pact(
    DUPLICATE,
    LIFO,
    PREDICTIVE,
    VENDOR,
    EVERY_OPTIONAL,
    MANDATORY_ONLY,
    USER_FIELDS,
    VOICE,
    EMAIL,
    SMS,
  ),
  'duplicate-acknowledged',
  ...TOLERANCE,
  ...LARGE,
];
/** Every message without GSW_AGENT_ID or GSW_CUSTOMER_ID: all but the voice and every-field fixtures. */
const WITHOUT_AN_OPTIONAL_FIELD = [
  ...pact(LIFO, PREDICTIVE, VENDOR, MANDATORY_ONLY, USER_FIELDS, EMAIL, SMS),
  'duplicate-acknowledged',
  ...TOLERANCE,
];
/** Every check but the two whose first request was sent (they came first, and got no answer). */
const NOT_SENT_AFTER_TWO_TIMEOUTS = [
  ...pact(
    DUPLICATE,
    LIFO,
    PREDICTIVE,
    VENDOR,
    EVERY_OPTIONAL,
    MANDATORY_ONLY,
    USER_FIELDS,
    VOICE,
    EMAIL,
    SMS,
  ),
  'duplicate-acknowledged',
  ...TOLERANCE,
  ...LARGE,
  ...REFUSALS,
];

/** A single sign-on agent's sign-in page, served in place of every answer (a fresh SAML request each time). */
const signInPage = () =>
  '<!DOCTYPE html><html><head><title>Sign in · Acme SSO</title></head><body><form method="post" ' +
  `action="https://sso.acme.example/saml2"><input type="hidden" name="SAMLRequest" value="${randomUUID()}">` +
  '<button>Continue</button></form></body></html>';

/**
 * Each defective receiver the check must fail: exactly the findings that fail for it, and exactly
 * those it skips (the refusal probes, when every valid message got the same answer); every other
 * finding passes.
 */
export const defects: Record<
  string,
  { defect: Defect; failing: readonly string[]; skipped?: readonly string[] }
> = {
  'rejects user fields': {
    defect: (b) =>
      b && Object.keys(b).some((k) => !k.startsWith('GSW_')) ? { status: 400 } : undefined,
    failing: [...pact(USER_FIELDS), 'accepts-unknown-user-fields', ...LARGE],
  },
  'refuses a body over 2 KiB with 413 (a body limit)': {
    defect: (_b, _s, raw) => (raw.length > 2048 ? { status: 413 } : undefined),
    failing: LARGE,
  },
  'refuses a body over 32 KiB with 413 (a WAF)': {
    defect: (_b, _s, raw) => (raw.length > 32 * 1024 ? { status: 413 } : undefined),
    failing: ['accepts-largest-notification'],
  },
  'answers every request with the same sign-in page (200 text/html)': {
    defect: () => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: signInPage(),
    }),
    failing: EVERY_VALID,
    skipped: REFUSALS,
  },
  'answers 429 with Retry-After once 12 requests came (a rate limit)': {
    defect: (_b, _s, _r, before) =>
      before >= 12
        ? { status: 429, headers: { 'retry-after': '60' }, body: 'Too many requests' }
        : undefined,
    // Sent one at a time (a pool of 1), in the checks' order: the 13th request onwards is refused.
    failing: ['rate-limit', 'duplicate-acknowledged', ...TOLERANCE, ...LARGE],
    skipped: REFUSALS,
  },
  'requires an optional field (GSW_AGENT_ID)': {
    defect: (b) => (b && b.GSW_AGENT_ID === undefined ? { status: 422 } : undefined),
    failing: WITHOUT_AN_OPTIONAL_FIELD,
  },
  'answers 500 when an optional field is missing (GSW_CUSTOMER_ID)': {
    defect: (b) => (b && b.GSW_CUSTOMER_ID === undefined ? { status: 500 } : undefined),
    failing: WITHOUT_AN_OPTIONAL_FIELD,
  },
  'answers 409 on a duplicate': {
    defect: (b, seen) => {
      const guid = String(b?.GSW_MESSAGE_GUID);
      if (b === undefined) return undefined;
      if (seen.has(guid)) return { status: 409 };
      seen.add(guid);
      return undefined;
    },
    failing: [...pact(DUPLICATE), 'duplicate-acknowledged'],
  },
  'expects integers as strings': {
    defect: (b) => (b && typeof b.GSW_CHAIN_ID !== 'string' ? { status: 400 } : undefined),
    failing: EVERY_VALID,
    skipped: REFUSALS,
  },
  'accepts only voice': {
    defect: (b) =>
      b && b.GSW_CONTACT_MEDIA_TYPE !== 'voice' && b.GSW_CONTACT_MEDIA_TYPE !== undefined
        ? { status: 400 }
        : undefined,
    failing: pact(SMS, EMAIL),
  },
  'answers 301': {
    defect: () => ({ status: 301, headers: { location: 'http://127.0.0.1:9/elsewhere' } }),
    failing: [...EVERY_VALID, 'no-redirect'],
    skipped: REFUSALS,
  },
  'answers too slowly': {
    defect: () => 'slow',
    // The first two requests got no answer in time: the rest are not sent, one timeout after another.
    failing: ['common-cause', 'response-time'],
    skipped: NOT_SENT_AFTER_TWO_TIMEOUTS,
  },
  'acknowledges garbage with 200': {
    defect: () => ({ status: 200 }),
    failing: REFUSALS,
  },
  'rejects an unknown call-result value': {
    defect: (b) =>
      b && typeof b.GSW_CALL_RESULT === 'number' && b.GSW_CALL_RESULT > 53
        ? { status: 400 }
        : undefined,
    failing: [...pact(VENDOR), 'accepts-vendor-enum-values'],
  },
};

/** How long the slow receiver waits before answering. */
export const SLOW_DELAY_MS = 400;

/** Starts a defective receiver on a loopback port; resolves with its URL and a close function. */
export async function startDefective(
  defect: Defect,
): Promise<{ url: string; close(): Promise<void> }> {
  const reference = createReceiver();
  const seen = new Set<string>();
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      const raw = Buffer.concat(chunks);
      let body: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        body =
          typeof parsed === 'object' && parsed !== null
            ? (parsed as Record<string, unknown>)
            : undefined;
      } catch {
        body = undefined;
      }
      const verdict = defect(body, seen, raw, requests++);
      if (verdict === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_DELAY_MS));
      if (verdict !== undefined && verdict !== 'slow') {
        response.writeHead(verdict.status, verdict.headers ?? {}).end(verdict.body);
        return;
      }
      const outcome = await reference.receive(raw, request.headers);
      response
        .writeHead(outcome.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(outcome.answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crm/notifications`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
