/**
 * The validator example of docs/fields.md ("From code"), with the printed lines asserted: the docs
 * test runs every example, this one also checks that the comments show what really prints.
 */
import { describe, expect, it } from 'vitest';
import {
  buildContactProcessed,
  fixtures,
  validateContactProcessed,
  validateNotificationRequest,
} from '../../src/index.js';

describe('docs/fields.md: the validator example', () => {
  it('prints the errors and warnings its comments show', () => {
    const printed: string[] = [];
    const console = {
      error: (s: string) => printed.push(`error ${s}`),
      warn: (s: string) => printed.push(`warn ${s}`),
    };

    // --- docs example starts
    const body = JSON.stringify(
      buildContactProcessed({ GSW_CALL_RESULT: '7', GSW_OPTIMIZE_BY: 9 }),
    );
    const result = validateContactProcessed(JSON.parse(body));
    if (!result.valid) {
      for (const error of result.errors) console.error(error.message);
      // GSW_CALL_RESULT: expected an integer, found the string "7"
    }
    for (const warning of result.warnings) console.warn(warning.message);
    // GSW_OPTIMIZE_BY: expected one of the known values 0-3, found 9, outside the known table, accepted
    // --- docs example ends

    expect(result.valid).toBe(false);
    expect(printed).toEqual([
      'error GSW_CALL_RESULT: expected an integer, found the string "7"',
      'warn GSW_OPTIMIZE_BY: expected one of the known values 0-3, found 9, outside the known table, accepted',
    ]);
  });

  it('checks a whole request as it shows', () => {
    // --- docs example starts
    const message = fixtures.full.message;
    const rawBody = JSON.stringify(message);
    const check = validateNotificationRequest({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        etag: message.GSW_MESSAGE_GUID,
        'user-agent': 'OCS/8.1.528.15',
        'content-length': String(Buffer.byteLength(rawBody)),
      },
      body: rawBody,
    });
    if (!check.valid) throw new Error(check.errors.map((e) => e.message).join('\n'));
    // check.message is the parsed, typed ContactProcessed
    // --- docs example ends
    expect(check.valid).toBe(true);
    expect(check.message?.GSW_MESSAGE_GUID).toBe(message.GSW_MESSAGE_GUID);

    const wrong = validateNotificationRequest({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        etag: message.GSW_MESSAGE_GUID,
        'user-agent': 'OCS/8.1.528.15',
        'content-length': '10',
      },
      body: rawBody,
    });
    expect(wrong.errors.map((e) => e.message)).toEqual([
      `Content-Length header: expected the body length, ${Buffer.byteLength(rawBody)} bytes, found 10`,
    ]);
  });
});
