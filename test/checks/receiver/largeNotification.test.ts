/**
 * The large notifications check-receiver sends: valid (the schema's rules, user-defined fields as
 * strings), exactly the size asked for, and made of many long user-defined fields as OCS would send.
 */
import { describe, expect, it } from 'vitest';
import { largeNotification } from '../../../src/checks/receiver/largeNotification.js';
import { fieldNames } from '../../../src/message/schema.js';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';

describe('largeNotification', () => {
  for (const [bytes, valueLength] of [
    [16 * 1024, 255],
    [64 * 1024, 1000],
    [5000, 300],
  ] as const) {
    it(`${bytes} bytes of fields of ${valueLength} characters: valid, exactly that size`, () => {
      const large = largeNotification(bytes, valueLength);
      expect(Buffer.byteLength(large.body)).toBe(bytes);
      expect(JSON.parse(large.body)).toEqual(large.message);
      const result = validateContactProcessed(large.message);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      // Every field of the schema, then Other1 … OtherN, all strings, all but the last full length.
      const message = large.message as Record<string, unknown>;
      for (const field of fieldNames) expect(message).toHaveProperty(field);
      const user = Object.keys(message).filter((k) => !k.startsWith('GSW_'));
      expect(user).toEqual(Array.from({ length: large.userFields }, (_, i) => `Other${i + 1}`));
      for (const name of user.slice(0, -1))
        expect((message[name] as string).length).toBe(valueLength);
      expect(typeof message[user.at(-1)!]).toBe('string');
      // Text outside ASCII: more bytes than characters, as a real note has.
      expect(Buffer.byteLength(large.body)).toBeGreaterThan(large.body.length);
    });
  }

  it('sizes the notifications as the findings name them', () => {
    expect(largeNotification(16 * 1024, 255).userFields).toBe(54);
    expect(largeNotification(64 * 1024, 1000).userFields).toBe(61);
  });

  it('fresh GUIDs each time: two large probes are never a retry of each other', () => {
    const a = largeNotification(16 * 1024, 255).message;
    const b = largeNotification(16 * 1024, 255).message;
    expect(a.GSW_MESSAGE_GUID).not.toBe(b.GSW_MESSAGE_GUID);
  });

  it('refuses a size that cannot hold every field and a user-defined field', () => {
    expect(() => largeNotification(1000, 255)).toThrow(RangeError);
  });
});
