import type { ServerResponse } from 'node:http';
import type { Issue } from '../message/Issue.js';
import type { ReceiverAnswer, ReceiverOutcome } from './ReceiverTypes.js';

/** The answer's JSON: the common `accepted` and `duplicate` ones written directly (the GUID is a validated GUID). */
export function answerJson(answer: ReceiverAnswer): string {
  if (
    answer.error === undefined &&
    answer.issues === undefined &&
    answer.warnings === undefined &&
    answer.guid !== undefined &&
    /^[{}0-9A-Fa-f-]+$/.test(answer.guid)
  ) {
    return `{"status":"${answer.status}","guid":"${answer.guid}"}`;
  }
  return JSON.stringify(answer);
}

/** A 503 (a duplicate in progress, the dedupe store unavailable) asks the sender to come back shortly. */
const RETRY_AFTER = ['retry-after', '1'];

/**
 * Writes an answer (headers and JSON body in one write), unless the response is already gone; returns
 * the body. A 503 carries `Retry-After: 1`.
 */
export function writeAnswer(
  response: ServerResponse,
  outcome: ReceiverOutcome,
  extraHeaders: readonly string[] = [],
  body: string = answerJson(outcome.answer),
): string {
  if (response.headersSent || response.destroyed) return body;
  const headers = [
    'content-type',
    'application/json',
    'content-length',
    String(Buffer.byteLength(body)),
    ...extraHeaders,
  ];
  if (outcome.status === 503) headers.push(...RETRY_AFTER);
  response.writeHead(outcome.status, headers);
  response.end(body);
  return body;
}

/** A refusal: the status, what was wrong in words, and the offending fields. */
export function refusal(
  status: number,
  error: string,
  issues: readonly Issue[] = [],
): ReceiverOutcome {
  return { status, answer: { status: 'rejected', error, issues } };
}
