import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/OptionError.js';
import { startProxy } from '../../../src/checks/proxy/startProxy.js';

describe('startProxy: its options', () => {
  it('names every bad option at once, before it listens', async () => {
    const error = await startProxy({
      target: 'ftp://crm.example/in',
      responseTimeout: Infinity,
      connectionPoolSize: 0,
      retryWindow: -1,
      bodyLimit: 1.5,
      port: 0,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).issues.map((issue) => issue.option)).toEqual([
      'target',
      'connectionPoolSize',
      'responseTimeout',
      'retryWindow',
      'bodyLimit',
    ]);
  });
});
