#!/usr/bin/env node
/**
 * The relay as a command, for `cpn-kit check-sender --exec 'node bin/relay.js'`. It reads what
 * check-sender gives every run:
 *   CPN_URL                 where to send (the scenario's URL)
 *   CPN_MESSAGE             the notification to send (JSON); without it, CPN_COUNT fresh ones are made
 *   CPN_COUNT               how many notifications (1 per scenario)
 *   CPN_RETRY_MAX_ATTEMPTS  OCS's http-retry-max-attempts
 *   CPN_RETRY_APPLIES_TO    OCS's http-retry-applies-to (comma-separated, or "none")
 *   CPN_RESPONSE_TIMEOUT    OCS's http-response-timeout, in seconds
 * and exits 0 when every notification was delivered, 1 when one was not, 2 on bad settings.
 */
import { forward, DEFAULT_SETTINGS, RETRY_CONDITIONS } from '../src/relay.js';

function fail(message) {
  console.error(`relay: ${message}`);
  process.exit(2);
}

const env = process.env;
const url = env.CPN_URL ?? fail('CPN_URL is not set');
const count = Number(env.CPN_COUNT ?? 1);
if (!Number.isInteger(count) || count < 1)
  fail(`CPN_COUNT: expected a positive integer, found ${env.CPN_COUNT}`);
const retryMaxAttempts = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? DEFAULT_SETTINGS.retryMaxAttempts);
if (!Number.isInteger(retryMaxAttempts) || retryMaxAttempts < 0)
  fail(
    `CPN_RETRY_MAX_ATTEMPTS: expected an integer 0 or more, found ${env.CPN_RETRY_MAX_ATTEMPTS}`,
  );
const appliesText = env.CPN_RETRY_APPLIES_TO ?? DEFAULT_SETTINGS.retryAppliesTo.join(',');
const retryAppliesTo =
  appliesText === 'none'
    ? []
    : appliesText
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
for (const c of retryAppliesTo)
  if (!RETRY_CONDITIONS.includes(c))
    fail(
      `CPN_RETRY_APPLIES_TO: unknown condition ${c}; expected ${RETRY_CONDITIONS.join(', ')} or none`,
    );
const responseTimeout = Number(env.CPN_RESPONSE_TIMEOUT ?? DEFAULT_SETTINGS.responseTimeout);
if (!(responseTimeout > 0))
  fail(`CPN_RESPONSE_TIMEOUT: expected seconds greater than 0, found ${env.CPN_RESPONSE_TIMEOUT}`);

let messages;
if (env.CPN_MESSAGE !== undefined) {
  messages = Array.from({ length: count }, () => env.CPN_MESSAGE);
} else {
  // No message given (check-sender --once): make distinct ones, as OCS would.
  const { freshContactProcessed } = await import('cpn-kit');
  messages = Array.from({ length: count }, () => freshContactProcessed());
}

let failed = 0;
for (const message of messages) {
  const outcome = await forward(url, message, {
    retryMaxAttempts,
    retryAppliesTo,
    responseTimeout,
    onAttempt: ({ attempt, result }) => console.error(`relay: attempt ${attempt + 1}: ${result}`),
  });
  console.error(`relay: ${outcome}`);
  if (outcome !== 'delivered') failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
