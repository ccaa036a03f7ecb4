import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors/OptionError.js';
import { fromOcsOptions, senderOptionsFromOcs } from '../../src/sender/fromOcsOptions.js';

describe('senderOptionsFromOcs: the options as an operator writes them', () => {
  it('reads all eight options', () => {
    expect(
      senderOptionsFromOcs({
        'contact-processed-notification': 'true',
        'contact-processed-notification-uri': 'https://crm.example.com/ocs/notify',
        'http-retry-applies-to': 'connection-failure, timeout,5xx 4xx',
        'http-retry-max-attempts': '3',
        'http-connection-pool-size': '8',
        'http-custom-headers': 'Authorization: Bearer abc; X-Tenant: 42',
        'http-proxy': 'http://ocs:pw@proxy.example.com:3128',
        'http-response-timeout': '2.5',
      }),
    ).toEqual({
      enabled: true,
      uri: 'https://crm.example.com/ocs/notify',
      retryAppliesTo: ['connection-failure', 'timeout', '5xx', '4xx'],
      retryMaxAttempts: 3,
      connectionPoolSize: 8,
      customHeaders: { authorization: 'Bearer abc', 'x-tenant': '42' },
      proxy: 'http://ocs:pw@proxy.example.com:3128',
      responseTimeout: 2.5,
    });
  });

  it("uses OCS's default: disabled unless contact-processed-notification is true", () => {
    expect(senderOptionsFromOcs({ 'contact-processed-notification-uri': 'http://h/' })).toEqual({
      uri: 'http://h/',
      enabled: false,
    });
    expect(
      fromOcsOptions({ 'contact-processed-notification-uri': 'http://h/' }).settings.enabled,
    ).toBe(false);
    expect(
      senderOptionsFromOcs({
        'contact-processed-notification-uri': 'http://h/',
        'http-retry-applies-to': 'none',
      }).retryAppliesTo,
    ).toEqual([]);
  });

  it('lists every bad option with its expected form, and builds nothing', () => {
    let error: Error | undefined;
    try {
      fromOcsOptions({
        'contact-processed-notification': 'maybe',
        'contact-processed-notification-uri': 'crm.example.com/ocs',
        'http-retry-applies-to': '5xx,sometimes',
        'http-retry-max-attempts': '-1',
        'http-connection-pool-size': '0',
        'http-custom-headers': 'X-Evil: a\rInjected: b',
        'http-proxy': 'https://user:topsecret@proxy:1',
        'http-response-timeout': '10s',
        'http-retry-max-attempt': '2',
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).code).toBe('CPN_OPTION');
    expect((error as OptionError).issues.map((i) => i.option)).toContain('http-proxy');
    const lines = error!.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lines).toEqual([
      'http-retry-max-attempt: expected an OCS notification option (one of ' +
        'contact-processed-notification, contact-processed-notification-uri, ' +
        'http-retry-applies-to, http-retry-max-attempts, http-connection-pool-size, ' +
        'http-custom-headers, http-proxy, http-response-timeout), found an unknown option',
      'contact-processed-notification: expected true or false, found "maybe"',
      'contact-processed-notification-uri: expected an absolute http:// or https:// URL, found "crm.example.com/ocs"',
      'http-retry-applies-to: expected a comma-separated list of connection-failure, timeout, ' +
        '3xx, 4xx, 5xx (or none), found "5xx,sometimes"',
      'http-retry-max-attempts: expected an integer 0 or more, found "-1"',
      'http-connection-pool-size: expected an integer 1 or more, found "0"',
      'http-custom-headers: expected a single-line value for header X-Evil, found a CR, LF or NUL character in it',
      'http-proxy: expected http://[user:pass@]host:port, found "https://***@proxy:1"',
      'http-response-timeout: expected a number of seconds greater than 0, e.g. 10, found "10s"',
    ]);
    expect(error!.message).not.toContain('topsecret');
  });

  it('requires the URI', () => {
    expect(() => senderOptionsFromOcs({ 'contact-processed-notification': 'true' })).toThrow(
      /contact-processed-notification-uri: expected an absolute http:\/\/ or https:\/\/ URL, found nothing \(the option is required\)/,
    );
  });
});
