import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { reportToJUnit } from '../../src/report/reportToJUnit.js';
import { sampleReport } from './sampleReport.js';

interface TestCase {
  name: string;
  classname: string;
  time: string;
  failure?: { message?: string; type?: string; '#text'?: string } | string;
  skipped?: unknown;
}

function parse(xml: string): { suite: Record<string, string>; cases: TestCase[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'testcase' || name === 'testsuite',
  }).parse(xml) as {
    testsuites: { testsuite: (Record<string, string> & { testcase: TestCase[] })[] };
  };
  const suite = doc.testsuites.testsuite[0]!;
  return { suite, cases: suite.testcase };
}

describe('reportToJUnit', () => {
  it('is well-formed XML with one suite per command and one test case per finding', () => {
    const { suite, cases } = parse(reportToJUnit(sampleReport));
    expect(suite.name).toBe('cpn-kit check-receiver');
    expect(Number(suite.tests)).toBe(4);
    expect(Number(suite.failures)).toBe(1);
    expect(Number(suite.skipped)).toBe(1);
    expect(cases.map((c) => c.name)).toEqual(
      sampleReport.findings.map((f) => `${f.id}: ${f.title}`),
    );
    expect(cases.every((c) => c.classname === 'cpn-kit.check-receiver')).toBe(true);
  });

  it('a failed finding carries its summary (and details) as the failure; others carry none', () => {
    const { cases } = parse(reportToJUnit(sampleReport));
    const failed = cases.filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c.name)).toEqual(['redirect-301: a 301 is not followed']);
    const failure = failed[0]!.failure!;
    const text =
      typeof failure === 'string' ? failure : `${failure.message ?? ''}\n${failure['#text'] ?? ''}`;
    expect(text).toContain('expected a failure, got 200');
    expect(text).toContain('followed Location: /elsewhere');
    expect(cases.filter((c) => c.skipped !== undefined).map((c) => c.name)).toEqual([
      'tls-1.2: TLS 1.2',
    ]);
    expect(Number(cases[1]!.time)).toBeCloseTo(0.012);
  });

  it('escapes markup in summaries', () => {
    const report = {
      ...sampleReport,
      findings: [
        { id: 'x', title: '<b>&', status: 'fail' as const, summary: 'got </failure> & "quotes"' },
      ],
    };
    const { cases } = parse(reportToJUnit(report));
    expect(cases[0]!.name).toBe('x: <b>&');
    expect(JSON.stringify(cases[0]!.failure)).toContain('got </failure>');
  });

  it('shows a control character from the wire as its escape, where XML could carry it or not', () => {
    const report = {
      ...sampleReport,
      findings: [
        {
          id: 'notification \u001b[2K\u0007',
          title: 'a \u009b2J b',
          status: 'fail' as const,
          summary: 'answered 500: \u001b]2;pwned\u0007 \u202eboom\ud800!',
          details: ['line one\rfake PASS', 'second'],
        },
      ],
    };
    const xml = reportToJUnit(report);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202e]/);
    const { cases } = parse(xml);
    expect(cases[0]!.name).toBe('notification \\x1b[2K\\x07: a \\x9b2J b');
    const failure = cases[0]!.failure as { message: string; '#text': string };
    expect(failure.message).toBe('answered 500: \\x1b]2;pwned\\x07 \\u202eboom!');
    expect(failure['#text']).toBe(`${failure.message}\nline one\\rfake PASS\nsecond`);
  });
});
