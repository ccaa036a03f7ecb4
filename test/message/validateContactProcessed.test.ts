import { describe, expect, it } from 'vitest';
import type { IssueCode } from '../../src/message/Issue.js';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { fixtureNames, fixtures, getFixture } from '../../src/message/fixtures.js';
import { fieldNames, requiredFields } from '../../src/message/schema.js';
import { validateContactProcessed } from '../../src/message/validateContactProcessed.js';

const full = fixtures.full.message as Record<string, unknown>;

/** The full fixture with one change; `undefined` removes the field. */
function mutated(field: string, value: unknown): Record<string, unknown> {
  const message: Record<string, unknown> = { ...full };
  if (value === undefined) delete message[field];
  else message[field] = value;
  return message;
}

/** Asserts the message is rejected, every error names `field`, and one has `code`. */
function expectRejected(message: unknown, field: string, code: IssueCode): void {
  const result = validateContactProcessed(message);
  expect(result.valid).toBe(false);
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.map((e) => e.field)).toEqual(result.errors.map(() => field));
  expect(result.errors.map((e) => e.code)).toContain(code);
  for (const error of result.errors) {
    expect(error.message.startsWith(`${field}: expected `)).toBe(true);
    expect(error.expected.length).toBeGreaterThan(0);
    expect(error.found.length).toBeGreaterThan(0);
  }
}

describe('fixtures', () => {
  it('has the fixture set the issue asks for', () => {
    expect(fixtureNames).toEqual(
      expect.arrayContaining([
        'mandatory-only',
        'full',
        'voice',
        'sms',
        'email',
        'lifo',
        'predictive',
        'user-fields',
        'vendor-enum',
        'newer-release',
      ]),
    );
  });

  it.each(fixtureNames)('fixture %s is valid with no errors', (name) => {
    const result = validateContactProcessed(getFixture(name).message);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(fixtureNames.filter((n) => n !== 'vendor-enum' && n !== 'newer-release'))(
    'fixture %s has no warnings',
    (name) => {
      expect(validateContactProcessed(getFixture(name).message).warnings).toEqual([]);
    },
  );

  it('full carries every field the schema names; mandatory-only exactly the mandatory ones', () => {
    expect(Object.keys(fixtures.full.message).sort()).toEqual([...fieldNames].sort());
    expect(Object.keys(fixtures['mandatory-only'].message).sort()).toEqual(
      [...requiredFields].sort(),
    );
  });

  it('each fixture has its own message GUID', () => {
    const guids = fixtureNames.map((n) => fixtures[n].message.GSW_MESSAGE_GUID);
    expect(new Set(guids).size).toBe(fixtureNames.length);
  });

  it('vendor-enum: valid, with one unknown-enum-value warning per value beyond its table', () => {
    const result = validateContactProcessed(fixtures['vendor-enum'].message);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.field, w.code]).sort()).toEqual([
      ['GSW_CALL_RESULT', 'unknown-enum-value'],
      ['GSW_OPTIMIZE_BY', 'unknown-enum-value'],
    ]);
    expect(result.warnings[0]?.message).toContain(
      String(fixtures['vendor-enum'].message.GSW_CALL_RESULT),
    );
  });

  it('newer-release: valid, with an unknown-field warning naming the new GSW_ key', () => {
    const result = validateContactProcessed(fixtures['newer-release'].message);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.field, w.code])).toEqual([
      ['GSW_FUTURE_FIELD', 'unknown-field'],
    ]);
  });

  it('getFixture names the known fixtures when asked for an unknown one', () => {
    expect(() => getFixture('nope')).toThrow(
      /^fixture: expected one of mandatory-only.*, found "nope"$/,
    );
    expect(() => getFixture('__proto__')).toThrow(
      /^fixture: expected one of .*, found "__proto__"$/,
    );
  });

  it('buildContactProcessed: overrides apply, undefined removes a field', () => {
    const message = buildContactProcessed({ GSW_CALL_RESULT: 7, GSW_PHONE: undefined }) as Record<
      string,
      unknown
    >;
    expect(message.GSW_CALL_RESULT).toBe(7);
    expect('GSW_PHONE' in message).toBe(false);
    expect(validateContactProcessed(buildContactProcessed()).valid).toBe(true);
  });
});

/** 40+ distinct invalid messages: (field, bad value or undefined to drop it, expected code). */
const invalid: readonly (readonly [field: string, value: unknown, code: IssueCode])[] = [
  ['GSW_MESSAGE', 'ContactUpdated', 'wrong-value'],
  ['GSW_MESSAGE', 'contactprocessed', 'wrong-value'],
  ['GSW_MESSAGE', 1, 'wrong-type'],
  ['GSW_MESSAGE_GUID', 'not-a-guid', 'wrong-format'],
  ['GSW_MESSAGE_GUID', 12345, 'wrong-type'],
  ['GSW_MESSAGE_GUID', '{9b2f6c1e-4d3a-4f5b-8e7c-2a1d0c9b8a71', 'wrong-format'],
  ['GSW_MESSAGE_GUID', '9b2f6c1e-4d3a-4f5b-8e7c-2a1d0c9b8a7', 'wrong-format'],
  ['GSW_MESSAGE_GUID', '9b2f6c1e-4d3a-4f5b-8e7c-2a1d0c9b8a7g', 'wrong-format'],
  ['GSW_TIMESTAMP', '1732486555', 'wrong-format'],
  ['GSW_TIMESTAMP', 1732486555.12, 'wrong-type'],
  ['GSW_TIMESTAMP', '1732486555.12', 'wrong-format'],
  ['GSW_TIMESTAMP', '1732486555.1234', 'wrong-format'],
  ['GSW_TIMESTAMP', '2024-11-24T22:15:55.120Z', 'wrong-format'],
  ['GSW_TIMESTAMP', '-1732486555.120', 'wrong-format'],
  ['GSW_CALL_ATTEMPT_GUID', '', 'wrong-format'],
  ['GSW_PHONE', 15551230001, 'wrong-type'],
  ['GSW_PHONE', null, 'wrong-type'],
  ['GSW_PHONE_TYPE', '1', 'wrong-type'],
  ['GSW_PHONE_TYPE', 1.5, 'wrong-type'],
  ['GSW_CHAIN_ID', '1042', 'wrong-type'],
  ['GSW_CHAIN_N', true, 'wrong-type'],
  ['GSW_RECORD_HANDLE', 73.2, 'wrong-type'],
  ['GSW_REASON', null, 'wrong-type'],
  ['GSW_CHAIN_LIFO_GUID', 'lifo', 'wrong-format'],
  ['GSW_CUSTOMER_ID', 731, 'wrong-type'],
  ['GSW_CALL_RESULT', '7', 'wrong-type'],
  ['GSW_CALL_RESULT', [33], 'wrong-type'],
  ['GSW_DISPOSITION_CODE', null, 'wrong-type'],
  ['GSW_CAMPAIGN_NAME', {}, 'wrong-type'],
  ['GSW_CAMPAIGN_TEMPLATE_NAME', 1, 'wrong-type'],
  ['GSW_CONTACT_MEDIA_TYPE', 'fax', 'wrong-value'],
  ['GSW_CONTACT_MEDIA_TYPE', 'Voice', 'wrong-value'],
  ['GSW_CALLING_LIST', 5, 'wrong-type'],
  ['GSW_CAMPAIGN_GROUP_NAME', false, 'wrong-type'],
  ['GSW_CAMPAIGN_GROUP_GUID', 'xyz', 'wrong-format'],
  ['GSW_GROUP_NAME', [], 'wrong-type'],
  ['GSW_QUEUE_NAME', 7001, 'wrong-type'],
  ['GSW_DIAL_MODE', 'Predictive', 'wrong-type'],
  ['GSW_AGENT_ID', 42, 'wrong-type'],
  ['GSW_RECORD_TYPE', 2.5, 'wrong-type'],
  ['GSW_RECORD_STATUS', '3', 'wrong-type'],
  ['GSW_OPTIMIZE_BY', '1', 'wrong-type'],
  ['GSW_OPTIMIZE_GOAL', 80.5, 'wrong-type'],
  ['GSW_START_PROCESSING', 1732486400, 'wrong-type'],
  ['GSW_CALL_TIME', '1732486400', 'wrong-format'],
  ['GSW_SCHEDULED_TIME', '', 'wrong-format'],
  ['GSW_DIALING', 0, 'wrong-type'],
  ['GSW_COMPLETE_PROCESSING', 'now', 'wrong-format'],
  ['Other1', 5, 'wrong-type'],
  ['Other2', null, 'wrong-type'],
  ['crm account', { id: 1 }, 'wrong-type'],
  ['Loyalty', true, 'wrong-type'],
  ['GSW_PHONE', undefined, 'missing-field'],
  ['GSW_CAMPAIGN_GROUP_GUID', undefined, 'missing-field'],
];

describe('invalid messages', () => {
  it('the table holds at least 30 distinct messages', () => {
    const distinct = new Set(
      invalid.map(([field, value]) => JSON.stringify(mutated(field, value))),
    );
    expect(distinct.size).toBe(invalid.length);
    expect(distinct.size).toBeGreaterThanOrEqual(30);
  });

  it.each(invalid)('%s = %j is rejected naming the field (%s)', (field, value, code) => {
    expectRejected(mutated(field, value), field, code);
  });

  it.each(requiredFields)('dropping mandatory %s is a missing-field error naming it', (field) => {
    expectRejected(mutated(field, undefined), field, 'missing-field');
  });

  it('several problems are all reported, one error each, not only the first', () => {
    const message = {
      ...mutated('GSW_PHONE', undefined),
      GSW_CALL_RESULT: '7',
      GSW_TIMESTAMP: '1',
      Other1: 5,
    };
    const result = validateContactProcessed(message);
    expect(result.errors.map((e) => e.field).sort()).toEqual([
      'GSW_CALL_RESULT',
      'GSW_PHONE',
      'GSW_TIMESTAMP',
      'Other1',
    ]);
  });

  it('a wrong-type error says what was expected and what was found, in words', () => {
    const [error] = validateContactProcessed(mutated('GSW_CALL_RESULT', '7')).errors;
    expect(error).toEqual({
      field: 'GSW_CALL_RESULT',
      code: 'wrong-type',
      expected: 'an integer',
      found: 'the string "7"',
      message: 'GSW_CALL_RESULT: expected an integer, found the string "7"',
    });
  });

  it('a missing mandatory field says which type was expected', () => {
    const [error] = validateContactProcessed(mutated('GSW_CHAIN_ID', undefined)).errors;
    expect(error?.expected).toMatch(/integer/);
    expect(error?.expected).toMatch(/mandatory/);
  });

  it.each([
    [null, 'null'],
    [[], 'an array of 0 items'],
    [[full], 'an array of 1 item'],
    ['ContactProcessed', 'the string "ContactProcessed"'],
    [42, 'the integer 42'],
    [true, 'the boolean true'],
  ])('%j as the whole message is a not-an-object error on (message)', (value, found) => {
    const result = validateContactProcessed(value);
    expect(result.valid).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      field: '(message)',
      code: 'not-an-object',
      expected: 'a JSON object',
      found,
    });
  });

  it('an empty object names all 22 mandatory fields', () => {
    const result = validateContactProcessed({});
    expect(result.errors.map((e) => e.field).sort()).toEqual([...requiredFields].sort());
    expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set(['missing-field']));
  });
});

describe('tolerance: warnings, never errors', () => {
  it.each(['GSW_NEW_THING', 'GSW_'])('unknown GSW_ key %s of any type is a warning only', (key) => {
    for (const value of ['text', 5, null, { nested: true }]) {
      const result = validateContactProcessed({ ...full, [key]: value });
      expect(result.valid).toBe(true);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        expect.objectContaining({ field: key, code: 'unknown-field' }),
      ]);
    }
  });

  it.each([
    ['GSW_CALL_RESULT', 54],
    ['GSW_CALL_RESULT', 1000],
    ['GSW_CALL_RESULT', -1],
    ['GSW_RECORD_TYPE', 8],
    ['GSW_RECORD_STATUS', 10],
    ['GSW_PHONE_TYPE', 12],
    ['GSW_DIAL_MODE', 12],
    ['GSW_OPTIMIZE_BY', 4],
  ])('%s = %i (outside the known table) is a warning only', (field, value) => {
    const result = validateContactProcessed(mutated(field, value));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ field, code: 'unknown-enum-value' }),
    ]);
    expect(result.warnings[0]?.message).toContain(String(value));
  });

  it('known enum values and GSW_REASON (no table) give no warning', () => {
    for (const value of [0, 53])
      expect(validateContactProcessed(mutated('GSW_CALL_RESULT', value)).warnings).toEqual([]);
    expect(validateContactProcessed(mutated('GSW_REASON', 987654)).warnings).toEqual([]);
  });

  it('a wrongly typed enum value is an error, not a warning', () => {
    const result = validateContactProcessed(mutated('GSW_DIAL_MODE', '99'));
    expect(result.valid).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('user-defined string fields (any name, empty value, unicode) are valid without warnings', () => {
    const result = validateContactProcessed({
      ...full,
      Other1: '',
      'a key with spaces': 'x',
      ünï: 'Grüße',
      gsw_lower: 'not a GSW_ key',
    });
    expect(result).toEqual({ valid: true, errors: [], warnings: [] });
  });
});

describe('GUID forms', () => {
  const hex = '9b2f6c1e4d3a4f5b8e7c2a1d0c9b8a71';
  const dashed = '9b2f6c1e-4d3a-4f5b-8e7c-2a1d0c9b8a71';
  it.each([
    dashed,
    dashed.toUpperCase(),
    `{${dashed}}`,
    `{${dashed.toUpperCase()}}`,
    hex,
    hex.toUpperCase(),
    `{${hex}}`,
    '9B2f6C1e-4D3a-4F5b-8E7c-2A1d0C9b8A71',
  ])('accepts %s', (guid) => {
    for (const field of [
      'GSW_MESSAGE_GUID',
      'GSW_CALL_ATTEMPT_GUID',
      'GSW_CAMPAIGN_GROUP_GUID',
      'GSW_CHAIN_LIFO_GUID',
    ]) {
      expect(validateContactProcessed(mutated(field, guid)).valid).toBe(true);
    }
  });
  it.each([
    `{${dashed}`,
    `${dashed}}`,
    `(${dashed})`,
    `urn:uuid:${dashed}`,
    '9b2f6c1e4d3a-4f5b-8e7c-2a1d0c9b8a71',
    '9b2f6c1e-4d3a4f5b-8e7c-2a1d0c9b8a71',
    '9b2f6c1e-4d3a-4f5b-8e7c-2a1d0c9b8a711',
    `${hex}0`,
    hex.slice(1),
    `${dashed}\n`,
    ` ${dashed}`,
    '9b2f6c1e-4d3a-4f5b-8e7c-2a1d0c9b8a7z',
    '',
  ])('rejects %j naming the field', (guid) => {
    expectRejected(mutated('GSW_MESSAGE_GUID', guid), 'GSW_MESSAGE_GUID', 'wrong-format');
  });
});

describe('timestamp formats', () => {
  it.each(['0.000', '1732486400.123', '1732486400.000', '4102444800.999', '17324864001234.001'])(
    'accepts %s',
    (ts) => {
      for (const field of ['GSW_TIMESTAMP', 'GSW_START_PROCESSING', 'GSW_ACW_COMPLETED']) {
        expect(validateContactProcessed(mutated(field, ts)).valid).toBe(true);
      }
    },
  );
  it.each([
    '1732486400',
    '1732486400.',
    '.123',
    '1732486400.12',
    '1732486400.1234',
    '1732486400,123',
    '1732486400.123Z',
    '+1732486400.123',
    '1e9.000',
    '1732486400.123\n',
    ' 1732486400.123',
    '2024-11-24T22:13:20.123Z',
    'Sun Nov 24 2024',
    '١٧٣٢٤٨٦٤٠٠.١٢٣',
  ])('rejects %j naming the field', (ts) => {
    expectRejected(mutated('GSW_TIMESTAMP', ts), 'GSW_TIMESTAMP', 'wrong-format');
  });
  it('a timestamp as a JSON number is a wrong-type error', () => {
    expectRejected(mutated('GSW_DIALING', 1732486400.123), 'GSW_DIALING', 'wrong-type');
  });
});
