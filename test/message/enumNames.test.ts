import { describe, expect, it } from 'vitest';
import { enumName, enumNames } from '../../src/message/enumNames.js';

describe('enumName', () => {
  it('names values from the tables in facts.md', () => {
    expect(enumName('GSW_CALL_RESULT', 33)).toBe('Answer');
    expect(enumName('GSW_CALL_RESULT', 0)).toBe('Ok');
    expect(enumName('GSW_RECORD_STATUS', 3)).toBe('Updated');
    expect(enumName('GSW_RECORD_TYPE', 7)).toBe('No Call');
    expect(enumName('GSW_PHONE_TYPE', 10)).toBe('E-mail');
    expect(enumName('GSW_DIAL_MODE', 1)).toBe('Predictive');
    expect(enumName('GSW_OPTIMIZE_BY', 3)).toBe('Average Waiting Time');
  });

  it('is undefined outside a table and for fields without one', () => {
    expect(enumName('GSW_CALL_RESULT', 54)).toBeUndefined();
    expect(enumName('GSW_REASON', 0)).toBeUndefined();
    expect(enumName('GSW_CALL_RESULT', -1)).toBeUndefined();
  });

  it('tables are dense from 0 with the sizes facts.md gives', () => {
    const sizes = Object.fromEntries(
      Object.entries(enumNames).map(([field, names]) => [field, Object.keys(names).length]),
    );
    expect(sizes).toEqual({
      GSW_PHONE_TYPE: 12,
      GSW_CALL_RESULT: 54,
      GSW_DIAL_MODE: 12,
      GSW_RECORD_TYPE: 8,
      GSW_RECORD_STATUS: 10,
      GSW_OPTIMIZE_BY: 4,
    });
    for (const names of Object.values(enumNames)) {
      expect(Object.keys(names).map(Number)).toEqual([...Array(Object.keys(names).length).keys()]);
    }
  });
});
