import { describe, expect, it } from 'vitest';
import { checkSender, parseListen } from '../../src/sender/checkSender.js';
import { sendBatch } from '../../src/sender/sendBatch.js';
import { getScenario } from '../../src/scenarios/scenarioCatalog.js';
import { testCertificate } from './testCertificate.js';

describe('parseListen', () => {
  it('reads IPv4, names and bracketed IPv6', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
  });
  it.each(['8080', 'host:', 'host:70000', '::1:80', 'a b:1'])('refuses %j naming the expected form', (value) => {
    expect(() => parseListen(value)).toThrow(/--listen: expected HOST:PORT such as 127\.0\.0\.1:8080 or \[::1\]:8080/);
  });
});

describe('checkSender', () => {
  it('serves on IPv6 loopback when asked, and the sender reaches it', async () => {
    const urls: string[] = [];
    const report = await checkSender({
      listen: '[::1]:0',
      responseTimeout: 1,
      scenarios: [getScenario('ok-200'), getScenario('client-error-400')],
      onListening: (t) => urls.push(t.url),
      run: (t) => sendBatch({ uri: t.url, count: t.count, responseTimeout: t.responseTimeout }),
    });
    expect(urls[0]).toMatch(/^http:\/\/\[::1\]:\d+\/cpn$/);
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([['ok-200', 'pass'], ['client-error-400', 'pass']]);
  });

  it('reports an in-process sender that throws, and the scenarios it never played', async () => {
    const report = await checkSender({
      responseTimeout: 1,
      scenarios: [getScenario('ok-200')],
      run: async () => {
        throw new Error('boom: no route to CRM');
      },
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ id: 'ok-200', status: 'fail', summary: expect.stringMatching(/no notification arrived/) }),
      expect.objectContaining({ id: 'sender-process', status: 'fail', summary: 'it threw: boom: no route to CRM' }),
    ]);
  });

  it('flags requests that carry no GUID at all', async () => {
    const report = await checkSender({
      responseTimeout: 1,
      scenarios: [getScenario('ok-200')],
      run: async (t) => {
        await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' });
      },
    });
    expect(report.findings.find((f) => f.id === 'unidentified-requests')).toMatchObject({ status: 'fail', summary: '1 request(s) had neither a GSW_MESSAGE_GUID in the body nor an ETag header' });
  });

  it('serves the scenarios over HTTPS: a sender that trusts the certificate passes, one that does not is refused', async () => {
    const pems = await testCertificate();
    const scenarios = [getScenario('ok-200'), getScenario('error-500-then-200')];
    const trusted = await checkSender({
      tls: pems,
      responseTimeout: 1,
      retryMaxAttempts: 1,
      scenarios,
      run: (t) => sendBatch({ uri: t.url, count: t.count, retryMaxAttempts: 1, responseTimeout: 1, ca: pems.cert }),
    });
    expect(trusted.findings.map((f) => [f.id, f.status])).toEqual([['ok-200', 'pass'], ['error-500-then-200', 'pass']]);
    let reasons: string[] = [];
    const untrusted = await checkSender({
      tls: pems,
      responseTimeout: 1,
      scenarios,
      run: async (t) => {
        const summary = await sendBatch({ uri: t.url, count: t.count, responseTimeout: 1 });
        reasons = summary.failures.map((f) => f.reason);
      },
    });
    expect(untrusted.findings.every((f) => f.status === 'fail')).toBe(true);
    expect(reasons[0]).toMatch(/^TLS handshake failed/);
  });
});
