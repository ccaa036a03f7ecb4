import type { Report } from '../../src/report/Report.js';

/** A report with one finding of each status, shared by the report tests. */
export const sampleReport: Report = {
  command: 'check-receiver',
  subject: 'http://127.0.0.1:8080/notify',
  startedAt: '2026-11-24T23:00:00.000Z',
  durationMs: 1234,
  findings: [
    {
      id: 'accepts-full',
      title: 'accepts the full fixture',
      status: 'pass',
      summary: 'answered 200 in 4 ms',
      durationMs: 4,
    },
    {
      id: 'redirect-301',
      title: 'a 301 is not followed',
      status: 'fail',
      summary: 'expected a failure, got 200',
      details: ['followed Location: /elsewhere', 'sent the body twice'],
      durationMs: 12,
    },
    {
      id: 'unknown-enum',
      title: 'tolerates an unknown enum value',
      status: 'warn',
      summary: 'answered 200 but logged an error',
    },
    { id: 'tls-1.2', title: 'TLS 1.2', status: 'skip', summary: 'not an https URL' },
  ],
};
