/**
 * The scenario catalog in-process under msw/node (the repository's msw 2), against senders on
 * node:http clients: their ClientRequest is intercepted, so fetch's `request.redirect` (which msw
 * fills with fetch's default 'follow') says nothing about them. Each sender gets exactly its failing
 * findings: a follow only where the client requested the redirect target, named by the client's
 * own setting; a client told not to follow passes the whole catalog.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeSession } from '../../src/checks/sender/judgeSession.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { scenarioHandlers } from '../../src/msw/scenarioHandlers.js';
import { createScenarioSession } from '../../src/scenarios/createScenarioSession.js';
import { scenarioCatalog } from '../../src/scenarios/scenarioCatalog.js';
import { inProcessSenderCorpus } from './senders/inProcess/inProcessSenderCorpus.js';

const server = setupServer();
const unhandled: string[] = [];
server.events.on('request:unhandled', ({ request }) => void unhandled.push(request.url));
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

describe('check-sender in-process (msw/node) against senders on node:http clients', () => {
  inProcessSenderCorpus.forEach((entry, i) => {
    const expected = Object.keys(entry.expectedFailures).sort();
    it(`${entry.name}: ${expected.length === 0 ? 'conformant' : expected.join(', ')}`, async () => {
      const session = createScenarioSession({
        baseUrl: `http://sender-${i}.test/hook`,
        responseTimeout: 1,
        retryMaxAttempts: 2,
      });
      server.use(...scenarioHandlers(session));
      try {
        const outcomes = Object.fromEntries(
          await Promise.all(
            scenarioCatalog.map(
              async (s) =>
                [
                  s.id,
                  await entry.sender(
                    session.urlFor(s.id),
                    freshContactProcessed(),
                    session.settings,
                  ),
                ] as const,
            ),
          ),
        );
        const findings = judgeSession(session, { outcomes });
        const shown = findings
          .filter((f) => f.status !== 'pass')
          .map((f) => [`${f.status} ${f.id}: ${f.summary}`, ...(f.details ?? [])].join('\n  '))
          .join('\n');
        const failed = findings.filter((f) => f.status === 'fail');
        expect(failed.map((f) => f.id).sort(), shown).toEqual(expected);
        for (const finding of failed)
          expect(finding.summary, shown).toMatch(entry.expectedFailures[finding.id]!);
        expect(
          findings.filter((f) => f.status === 'warn' || f.status === 'skip'),
          shown,
        ).toEqual([]);
        expect(session.redirectHits.map((h) => `${h.scenarioId} ${h.method}`).sort()).toEqual(
          entry.follows,
        );
        expect(unhandled.splice(0), 'requests no scenario served').toEqual([]);
      } finally {
        server.resetHandlers();
        session.close();
      }
    }, 30_000);
  });
});
