// Senders on node:http clients (axios, got, node-fetch, superagent) meet the five redirect scenarios
// in-process under the installed msw (the compat run: msw 3), through the packed kit: a client that
// follows is caught by its request for the redirect target, its own setting named; one told not to
// follow passes. The repository's own tests run the same clients under msw 2
// (test/corpus/senderCorpusInProcess.test.ts). Run in a project with cpn-kit, msw and the four
// clients installed: node nodeHttpRedirects.mjs (exit 1 on the first case that is not as expected).
import axios from 'axios';
import {
  createScenarioSession,
  freshContactProcessed,
  judgeSession,
  scenarioCatalog,
} from 'cpn-kit';
import { scenarioHandlers } from 'cpn-kit/msw';
import got from 'got';
import { setupServer } from 'msw/node';
import nodeFetch from 'node-fetch';
import superagent from 'superagent';

const headers = (message) => ({
  'content-type': 'application/json',
  etag: message.GSW_MESSAGE_GUID,
  accept: '*/*',
});
const outcome = (status) => (status >= 200 && status < 300 ? 'delivered' : 'failed');

const nodeHttpSettings =
  'the client followed it itself over node:http: axios unless maxRedirects: 0, got unless ' +
  "followRedirect: false, node-fetch unless redirect: 'manual', superagent unless .redirects(0)";
const body = (m) => JSON.stringify(m);
/** Each sender: `follows` lists how a follow may be named (undefined: not named); absent, it must not follow. */
const cases = [
  {
    name: 'axios (default)',
    follows: ['axios follows redirects unless maxRedirects: 0'],
    send: (url, m) =>
      axios.post(url, body(m), { headers: headers(m) }).then((r) => outcome(r.status)),
  },
  {
    name: 'axios maxRedirects: 0',
    send: (url, m) =>
      axios
        .post(url, body(m), { headers: headers(m), maxRedirects: 0 })
        .then((r) => outcome(r.status)),
  },
  {
    name: 'got (default)',
    follows: ['got follows redirects unless followRedirect: false'],
    send: (url, m) =>
      got
        .post(url, { body: body(m), headers: headers(m), retry: { limit: 0 } })
        .then((r) => outcome(r.statusCode)),
  },
  {
    name: 'got followRedirect: false',
    send: (url, m) =>
      got
        .post(url, {
          body: body(m),
          headers: headers(m),
          retry: { limit: 0 },
          followRedirect: false,
        })
        .then((r) => outcome(r.statusCode)),
  },
  {
    name: 'node-fetch (default)',
    follows: ["node-fetch follows redirects unless redirect: 'manual'"],
    send: (url, m) =>
      nodeFetch(url, { method: 'POST', body: body(m), headers: headers(m) }).then((r) =>
        outcome(r.status),
      ),
  },
  {
    name: "node-fetch redirect: 'manual'",
    send: (url, m) =>
      nodeFetch(url, {
        method: 'POST',
        body: body(m),
        headers: headers(m),
        redirect: 'manual',
      }).then((r) => outcome(r.status)),
  },
  {
    // superagent sends no User-Agent: the relay gives its own, so the client is not known by name.
    // msw 2 keeps the ClientRequest, so node:http's usual clients' settings are named; msw 3
    // intercepts at the socket, where (as over a real one) nothing else tells who followed.
    name: 'superagent (default)',
    follows: [nodeHttpSettings, undefined],
    send: (url, m) =>
      superagent
        .post(url)
        .set({ ...headers(m), 'user-agent': 'crm-relay/1.0' })
        .send(body(m))
        .then((r) => outcome(r.status)),
  },
  {
    name: 'superagent .redirects(0)',
    send: (url, m) =>
      superagent
        .post(url)
        .set({ ...headers(m), 'user-agent': 'crm-relay/1.0' })
        .redirects(0)
        .ok(() => true)
        .send(body(m))
        .then((r) => outcome(r.status)),
  },
];

const redirects = scenarioCatalog.filter((s) => s.id.startsWith('redirect-'));
const target =
  /^followed the redirect: (GET|POST) http:\/\/client-\d+\.test\/hook\/__redirect-target\/redirect-30\d \(/;
/** Whether a finding is the follow, named as one of `names` says (undefined: not named). */
const namedFollow = (finding, names) =>
  finding.status === 'fail' &&
  target.test(finding.summary) &&
  names.some((named) =>
    finding.summary.endsWith(
      `(${named === undefined ? '' : `${named}; `}redirects must never be followed)`,
    ),
  );

const server = setupServer();
server.listen();
let failures = 0;
for (const [i, { name, follows, send }] of cases.entries()) {
  const session = createScenarioSession({
    baseUrl: `http://client-${i}.test/hook`,
    responseTimeout: 1,
    retryMaxAttempts: 0,
    scenarios: redirects,
  });
  server.use(...scenarioHandlers(session));
  const outcomes = {};
  for (const s of redirects)
    outcomes[s.id] = await send(session.urlFor(s.id), freshContactProcessed()).catch(
      () => 'failed',
    );
  const findings = judgeSession(session, { outcomes }).filter((f) => f.id.startsWith('redirect-'));
  const wrong = findings.filter((f) =>
    follows === undefined ? f.status !== 'pass' : !namedFollow(f, follows),
  );
  const methods = session.redirectHits.map((h) => h.method).join(' ');
  if (findings.length !== redirects.length || wrong.length > 0) {
    failures++;
    const expected =
      follows === undefined ? 'no follow' : `each follow named ${JSON.stringify(follows)}`;
    console.log(`FAIL ${name}: expected ${expected}`);
    for (const f of wrong) console.log(`  ${f.status} ${f.id}: ${f.summary}`);
  } else {
    console.log(
      `ok   ${name}: ${follows === undefined ? 'not followed, 5 passed' : `5 follows caught (${methods})`}`,
    );
  }
  server.resetHandlers();
  session.close();
}
server.close();
process.exit(failures === 0 ? 0 : 1);
