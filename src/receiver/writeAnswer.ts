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

/** Writes an answer (headers and JSON body in one write), unless the response is already gone; returns the body. */
export function writeAnswer(
  response: ServerResponse,
  outcome: ReceiverOutcome,
  extraHeaders: readonly string[] = [],
  body: string = answerJson(outcome.answer),
): string {
  if (response.headersSent || response.destroyed) return body;
  response.writeHead(outcome.status, [
    'content-type',
    'application/json',
    'content-length',
    String(Buffer.byteLength(body)),
    ...extraHeaders,
  ]);
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
