import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/util/terminalSafe.js';

describe('terminalSafe', () => {
  it('writes every character a terminal acts on as its escape', () => {
    expect(
      terminalSafe('\u001b[1A\u001b[2K\rPASS\u001b]2;pwned\u0007\n\t\u0000\u007f\u009b2J'),
    ).toBe('\\x1b[1A\\x1b[2K\\rPASS\\x1b]2;pwned\\x07\\n\\t\\x00\\x7f\\x9b2J');
  });

  it('escapes what reorders text: bidirectional overrides, isolates and marks, line separators', () => {
    expect(terminalSafe('a\u202eb\u2066c\u200fd\u2028e\u061c')).toBe(
      'a\\u202eb\\u2066c\\u200fd\\u2028e\\u061c',
    );
  });

  it('leaves other text as it is, non-ASCII letters and backslashes included', () => {
    const text = 'Zoë ☎ 8cf0df5c-4d2c {"a":"\\n"} C:\\temp';
    expect(terminalSafe(text)).toBe(text);
  });
});
