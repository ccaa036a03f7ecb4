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
});
