import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/receiver/createReceiver.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import { defects, startDefective } from '../checks/receiver/defectiveReceivers.js';
import { readHtmlPage } from './htmlPage.js';
import { runCli } from './runCli.js';

const run = (args: string[]) => runCli(['check-receiver', ...args]);

describe('cpn-kit check-receiver (child process)', () => {
  it('exits 0 for the reference receiver, one line per check, and writes JSON, JUnit and HTML reports', async () => {
    const running = await startReceiver({ port: 0, path: '/crm' });
    const dir = await mkdtemp(join(tmpdir(), 'cpn-check-receiver-'));
    try {
      const result = await run([
        running.url,
        '--json',
        join(dir, 'r.json'),
        '--junit',
        join(dir, 'r.xml'),
        '--provider',
        'acme-crm',
        '--html',
        join(dir, 'html', 'r.html'),
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/PASS no-redirect/);
      expect(result.stdout).toMatch(
        /PASS pact-a-duplicate-delivery-of-an-already-received-notification/,
      );
      const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as {
        passed: boolean;
        findings: unknown[];
      };
      expect(json.passed).toBe(true);
      // 20 checks, and the 5 exactly-once checks (SKIPs without --handled-count).
      expect(json.findings).toHaveLength(25);
      expect(await readFile(join(dir, 'r.xml'), 'utf8')).toContain('<testsuite');
      const page = await readHtmlPage(join(dir, 'html', 'r.html'));
      expect(page.html).toContain('<title>cpn-kit report: check-receiver</title>');
      // Each check's requests as a timeline: a duplicate is delivered twice, Pact's too.
      expect(page.marks('check-receiver', 'duplicate-acknowledged')).toBe(2);
      expect(
        page.marks(
          'check-receiver',
          'pact-a-duplicate-delivery-of-an-already-received-notification',
        ),
      ).toBe(2);
      expect(page.marks('check-receiver', 'rejects-unparseable-body')).toBe(1);
      expect(page.html).not.toContain('attempt-bad');
      expect(page.html).not.toContain('class="curl"');
    } finally {
      await running.close();
    }
  });

  it(
    '--junit and --json in folders that do not exist yet: created; every JUnit test case ' +
      'carries its duration',
    async () => {
      const running = await startReceiver({ port: 0, path: '/crm' });
      const dir = await mkdtemp(join(tmpdir(), 'cpn-check-receiver-'));
      try {
        const result = await runCli(
          [
            'check-receiver',
            running.url,
            '--junit',
            'reports/ocs/receiver.xml',
            '--json',
            'reports/receiver.json',
          ],
          { cwd: dir },
        );
        expect(result.code, result.stdout + result.stderr).toBe(0);
        const xml = await readFile(join(dir, 'reports/ocs/receiver.xml'), 'utf8');
        const times = [...xml.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
        expect(times).toHaveLength(25); // the 5 exactly-once SKIPs too
        // Every check that sent a request took some time.
        expect(times.filter((t) => t > 0).length).toBeGreaterThanOrEqual(18);
        expect(
          JSON.parse(await readFile(join(dir, 'reports/receiver.json'), 'utf8')),
        ).toMatchObject({
          passed: true,
        });
      } finally {
        await running.close();
      }
    },
  );

  it('https:// against a plain-HTTP port says the server does not speak TLS, not "trust its CA"', async () => {
    const running = await startReceiver({ port: 0, path: '/crm' });
    try {
      const result = await run([
        running.url.replace('http://', 'https://'),
        '--response-timeout',
        '2',
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(
          `^FAIL tls: the server at 127\\.0\\.0\\.1:${running.port} does not speak TLS: it ` +
            `answered in plain HTTP; use http://127\\.0\\.0\\.1:${running.port}/crm`,
          'm',
        ),
      );
      expect(result.stdout).not.toMatch(/--ca|trust/);
    } finally {
      await running.close();
    }
  });

  it(
    'exits 1 for a receiver that acknowledges garbage, naming the failed checks; the HTML page ' +
      'gives each its curl command',
    async () => {
      const receiver = await startDefective(defects['acknowledges garbage with 200']!.defect);
      const dir = await mkdtemp(join(tmpdir(), 'cpn-check-receiver-'));
      try {
        const result = await run([receiver.url, '--html', join(dir, 'r.html')]);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(
          /FAIL rejects-unparseable-body: expected a 4xx; got HTTP 200/,
        );
        expect(result.stdout).toMatch(/FAIL rejects-missing-mandatory/);
        const page = await readHtmlPage(join(dir, 'r.html'));
        const garbage = page.finding('check-receiver', 'rejects-unparseable-body');
        expect(garbage).toContain('class="attempt-mark attempt-bad"');
        expect(garbage).toMatch(
          /<pre class="curl-command" [^>]*>curl -sS -i --globoff -X POST &#39;http:\/\/127\.0\.0\.1:\d+\//,
        );
        expect(garbage).toContain('this is not JSON');
        expect(page.finding('check-receiver', 'duplicate-acknowledged')).not.toContain(
          'curl-command',
        );
      } finally {
        await receiver.close();
      }
    },
  );

  it('sends --header with every request (a static token), its value kept out of the report', async () => {
    const reference = createReceiver();
    const server = createServer((req, res) => {
      if (req.headers['x-api-token'] !== 's3cret') {
        req.resume();
        res.writeHead(401).end();
        return;
      }
      reference.handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
    try {
      const dir = await mkdtemp(join(tmpdir(), 'cpn-check-receiver-'));
      const html = join(dir, 'r.html');
      expect((await run([url, '--header', 'X-Api-Token: s3cret', '--html', html])).code).toBe(0);
      // The token is sent, never written down: the page shows the header with its value hidden.
      const page = await readHtmlPage(html);
      expect(page.html).toContain('***');
      expect(page.html).not.toContain('s3cret');
      const without = await run([url]);
      expect(without.code).toBe(1);
      expect(without.stdout).toMatch(
        /FAIL duplicate-acknowledged: expected 2xx twice .* got HTTP 401/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exits 2 with a message naming the option for usage errors', async () => {
    for (const [args, message] of [
      [['not-a-url'], 'URL: expected an absolute http:// or https:// URL'],
      [
        ['ftp://127.0.0.1/x'],
        'URL: expected an absolute http:// or https:// URL, found "ftp://127.0.0.1/x"',
      ],
      [
        ['http://127.0.0.1:9/x', '--header', 'no colon'],
        '--header (http-custom-headers): expected "Name: value", found "no colon"',
      ],
      [
        ['http://127.0.0.1:9/x', '--header', 'Content-Type: text/plain'],
        'found header Content-Type',
      ],
      [
        ['http://127.0.0.1:9/x', '--response-timeout', 'soon'],
        '--response-timeout: expected a number of seconds greater than 0',
      ],
      [
        ['http://127.0.0.1:9/x', '--publish-verification'],
        '--publish-verification: only used with --broker-url',
      ],
      [
        ['http://127.0.0.1:9/x', '--provider-version', 'abc'],
        '--provider-version: only used with --broker-url',
      ],
      [
        ['http://127.0.0.1:9/x', '--branch', 'main', '--enable-pending'],
        '--branch, --enable-pending: only used with --broker-url',
      ],
      [
        ['http://127.0.0.1:9/x', '--broker-url', 'http://127.0.0.1:9', '--publish-verification'],
        '--publish-verification: needs --provider-version',
      ],
      [
        ['http://127.0.0.1:9/x', '--pact', '/nonexistent/pact.json'],
        '--pact: expected pact files that can be read as JSON, found /nonexistent/pact.json',
      ],
      [
        ['http://127.0.0.1:9/x', '--pool-size', '0'],
        '--pool-size: expected an integer 1 or more, found "0"',
      ],
      [
        ['http://127.0.0.1:9/x', '--largest-notification', '1000'],
        '--largest-notification: expected an integer 2048 or more, found "1000"',
      ],
      [[], "missing required argument 'url'"],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
