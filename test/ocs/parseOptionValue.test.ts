import { describe, expect, it } from 'vitest';
import { parseHeaderList } from '../../src/ocs/customHeaders.js';
import { parseOptionValue } from '../../src/ocs/parseOptionValue.js';

describe('parseOptionValue: one set of rules for OCS options and CLI flags', () => {
  it('reads integers, seconds and retry conditions, trimming blanks', () => {
    expect(parseOptionValue.integer('n', ' 3 ', 0)).toBe(3);
    expect(parseOptionValue.seconds('t', '0.25')).toBe(0.25);
    expect(parseOptionValue.retryAppliesTo('r', '5XX; timeout connection-failure')).toEqual([
      '5xx',
      'timeout',
      'connection-failure',
    ]);
    expect(parseOptionValue.retryAppliesTo('r', 'none')).toEqual([]);
    expect(parseOptionValue.proxyUrl('p', 'http://u:p@127.0.0.1:3128').port).toBe('3128');
  });

  it.each([
    [
      () => parseOptionValue.integer('--count', '-1', 0),
      '--count: expected an integer 0 or more, found "-1"',
    ],
    [
      () => parseOptionValue.integer('--pool-size', '0', 1),
      '--pool-size: expected an integer 1 or more, found "0"',
    ],
    [
      () => parseOptionValue.integer('n', '1e3', 0),
      'n: expected an integer 0 or more, found "1e3"',
    ],
    [
      () => parseOptionValue.integer('n', '99999999999999999999', 0),
      'n: expected an integer 0 or more, found "99999999999999999999"',
    ],
    [
      () => parseOptionValue.seconds('http-response-timeout', '10s'),
      'http-response-timeout: expected a number of seconds greater than 0, e.g. 10, found "10s"',
    ],
    [
      () => parseOptionValue.seconds('t', '0'),
      't: expected a number of seconds greater than 0, e.g. 10, found "0"',
    ],
    [
      () => parseOptionValue.proxyUrl('http-proxy', 'https://user:secret@proxy:3128'),
      'http-proxy: expected http://[user:pass@]host:port, found "https://***@proxy:3128"',
    ],
    [
      () => parseOptionValue.proxyUrl('proxy (http-proxy)', 'http://proxy:3128/path?q=1'),
      'proxy (http-proxy): expected http://[user:pass@]host:port, found "http://proxy:3128/path?q=1"',
    ],
    [
      () => parseOptionValue.proxyUrl('p', 'proxy:3128'),
      'p: expected http://[user:pass@]host:port, found "proxy:3128"',
    ],
    [
      () => parseOptionValue.retryAppliesTo('r', '5xx,always'),
      'r: expected a comma-separated list of connection-failure, timeout, 3xx, 4xx, 5xx (or none), found "5xx,always"',
    ],
  ])('refuses a bad value naming the option and the expected form (%#)', (parse, message) => {
    expect(parse).toThrow(message);
  });
});

describe('parseHeaderList: the repeatable --header flag', () => {
  it('keeps a value that contains ";" as one header (unlike the OCS option, where ";" separates pairs)', () => {
    expect(parseHeaderList(['Cookie: a=1; b=2', 'X-Token: t'], '--header')).toEqual({
      cookie: 'a=1; b=2',
      'x-token': 't',
    });
  });

  it('refuses a missing colon, a repeated name in any case, CR/LF and protected headers', () => {
    expect(() => parseHeaderList(['NoColon'], '--header')).toThrow(
      '--header (http-custom-headers): expected "Name: value", found "NoColon"',
    );
    expect(() => parseHeaderList(['X-A: 1', 'x-a: 2'], '--header')).toThrow(
      '--header (http-custom-headers): expected each header once, found header x-a twice',
    );
    expect(() => parseHeaderList(['X-A: 1\r\nInjected: yes'], '--header')).toThrow(/CR, LF or NUL/);
    expect(() => parseHeaderList(['ETag: other'], '--header')).toThrow(
      /expected a header the sender does not set itself \(protected: .*\), found header ETag/,
    );
  });
});
