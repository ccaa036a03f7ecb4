import { describe, expect, it } from 'vitest';
import { checkSender } from '../../../src/checks/sender/checkSender.js';
import { parseListen } from '../../../src/cli/listenFlags.js';
import { getScenario } from '../../../src/scenarios/scenarioCatalog.js';
import { createSender } from '../../../src/sender/createSender.js';
import type { ScenarioTarget } from '../../../src/checks/sender/checkSender.js';
import { testCertificate } from '../../sender/testCertificate.js';

/** The reference sender as an in-process `send`: one notification, its outcome. */
const reference =
  (extra: { ca?: string } = {}) =>
  async (t: ScenarioTarget) => {
    const sender = createSender({
      uri: t.url,
      retryMaxAttempts: t.retryMaxAttempts,
      responseTimeout: t.responseTimeout,
      ...extra,
    });
    try {
      return (await sender.send(t.message)).outcome;
    } finally {
      await sender.close();
    }
  };

describe('parseListen', () => {
  it('reads IPv4, names and bracketed IPv6', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
  });
  it.each(['8080', 'host:', 'host:70000', '::1:80', 'a b:1'])(
    'refuses %j naming the expected form',
    (value) => {
      expect(() => parseListen(value)).toThrow(
        /--listen: expected HOST:PORT such as 127\.0\.0\.1:8080 or \[::1\]:8080/,
      );
    },
  );
});

describe('checkSender', () => {
  it('serves on IPv6 loopback when asked, and the sender reaches it', async () => {
    const urls: string[] = [];
    const report = await checkSender({
      listen: { host: '::1', port: 0 },
      responseTimeout: 1,
      scenarios: [getScenario('ok-200'), getScenario('client-error-400')],
      onListening: (t) => urls.push(t.url),
      send: reference(),
    });
    expect(urls[0]).toMatch(/^http:\/\/\[::1\]:\d+\/cpn$/);
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([
      ['ok-200', 'pass'],
      ['client-error-400', 'pass'],
      ['request-envelope', 'pass'],
    ]);
  });

  it(
    'an in-process sender that throws has reported failure; when it sent nothing at all, that ' +
      'leads, with its error',
    async () => {
      const report = await checkSender({
        responseTimeout: 1,
        scenarios: [getScenario('ok-200'), getScenario('client-error-400')],
        send: async () => {
          throw new Error('boom: no route to CRM');
        },
      });
      expect(report.findings.map((f) => [f.id, f.status])).toEqual([
        ['sender-process', 'fail'],
        ['ok-200', 'fail'],
        ['client-error-400', 'fail'],
        ['request-envelope', 'skip'],
      ]);
      expect(report.findings[0]!.summary).toBe(
        'the sender sent nothing in any of its 2 runs (threw boom: no route to CRM)',
      );
      expect(report.findings[0]!.details?.[0]).toMatch(/^sender: Error: boom: no route to CRM/);
      // The error is shown once, in the leading finding.
      expect(report.findings[1]).toMatchObject({
        summary:
          'no notification arrived for this scenario (the sender threw boom: no route to CRM)',
      });
      expect(report.findings[1]!.details).toBeUndefined();
    },
  );

  it('flags requests that carry no GUID at all', async () => {
    const report = await checkSender({
      responseTimeout: 1,
      scenarios: [getScenario('ok-200')],
      run: async (t) => {
        await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"hello":"world"}',
        });
      },
    });
    expect(report.findings.find((f) => f.id === 'unidentified-requests')).toMatchObject({
      status: 'fail',
      summary: '1 request(s) had neither a GSW_MESSAGE_GUID in the body nor an ETag header',
    });
  });

  it('a run that never ends is stopped at its limit and reported', async () => {
    const report = await checkSender({
      responseTimeout: 1,
      duration: 0.3,
      scenarios: [getScenario('ok-200')],
      send: () => new Promise(() => undefined),
    });
    expect(report.findings[0]).toMatchObject({
      id: 'sender-process',
      status: 'fail',
      summary: 'the sender sent nothing in its run (did not finish within 0.3 s)',
    });
  });

  it(
    'serves the scenarios over HTTPS: a sender that trusts the certificate passes, one that ' +
      'does not is refused',
    async () => {
      const pems = await testCertificate();
      const scenarios = [getScenario('ok-200'), getScenario('error-500-then-200')];
      const trusted = await checkSender({
        tls: pems,
        responseTimeout: 1,
        retryMaxAttempts: 1,
        scenarios,
        send: reference({ ca: pems.cert }),
      });
      expect(trusted.findings.map((f) => [f.id, f.status])).toEqual([
        ['ok-200', 'pass'],
        ['error-500-then-200', 'pass'],
        ['request-envelope', 'pass'],
      ]);
      const untrusted = await checkSender({
        tls: pems,
        responseTimeout: 1,
        scenarios,
        send: reference(),
      });
      expect(
        untrusted.findings.filter((f) => f.id !== 'request-envelope').map((f) => [f.id, f.status]),
      ).toEqual([
        // No request got through the TLS handshake: the sender sent nothing the scenarios saw.
        ['sender-process', 'fail'],
        ['ok-200', 'fail'],
        ['error-500-then-200', 'fail'],
      ]);
    },
  );
});
