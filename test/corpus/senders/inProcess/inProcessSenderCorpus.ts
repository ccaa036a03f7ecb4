/**
 * The in-process sender corpus: senders on node:http clients judged under msw/node (their
 * ClientRequest intercepted, no socket), each with exactly its failing findings. A follow is seen
 * only when the client really requests the redirect target, and the finding names the client's own
 * redirect setting.
 */
import { followedRedirect } from '../followedRedirect.js';
import {
  axiosSender,
  gotSender,
  nodeFetchSender,
  superagentSender,
  type InProcessSender,
} from './inProcessSenders.js';

export interface InProcessCorpusEntry {
  readonly name: string;
  readonly sender: InProcessSender;
  /** Scenario id → the pattern its failing finding's summary matches; every other scenario passes. */
  readonly expectedFailures: Record<string, RegExp>;
  /** `scenario method` of each request for a redirect target, in catalog order. */
  readonly follows: readonly string[];
}

const redirectIds = [301, 302, 303, 307, 308].map((s) => `redirect-${s}`);

/** Every redirect scenario fails with the follow named, as `mechanism` says it. */
const followed = (mechanism: string): Record<string, RegExp> =>
  Object.fromEntries(
    redirectIds.map((id) => [id, followedRedirect('http://sender-\\d+\\.test/hook', mechanism)]),
  );

/** 301, 302 and 303 followed with a GET, 307 and 308 with the same POST. */
const getThenPost = [
  'redirect-301 GET',
  'redirect-302 GET',
  'redirect-303 GET',
  'redirect-307 POST',
  'redirect-308 POST',
];

export const inProcessSenderCorpus: readonly InProcessCorpusEntry[] = [
  {
    name: 'axios (default: follows, through follow-redirects)',
    sender: axiosSender({}),
    expectedFailures: followed('axios follows redirects unless maxRedirects: 0'),
    follows: getThenPost,
  },
  {
    name: 'axios maxRedirects: 0',
    sender: axiosSender({ maxRedirects: 0 }),
    expectedFailures: {},
    follows: [],
  },
  {
    name: 'got (default: follows)',
    sender: gotSender({}),
    expectedFailures: followed('got follows redirects unless followRedirect: false'),
    // got's methodRewriting is false: only a 303 becomes a GET.
    follows: [
      'redirect-301 POST',
      'redirect-302 POST',
      'redirect-303 GET',
      'redirect-307 POST',
      'redirect-308 POST',
    ],
  },
  {
    name: 'got followRedirect: false',
    sender: gotSender({ followRedirect: false }),
    expectedFailures: {},
    follows: [],
  },
  {
    name: "node-fetch (default: redirect 'follow')",
    sender: nodeFetchSender({}),
    expectedFailures: followed("node-fetch follows redirects unless redirect: 'manual'"),
    follows: getThenPost,
  },
  {
    name: "node-fetch redirect: 'manual'",
    sender: nodeFetchSender({ redirect: 'manual' }),
    expectedFailures: {},
    follows: [],
  },
  {
    // Its User-Agent is the relay's own (superagent sends none): the client is not named, the
    // settings of node:http's usual clients are.
    name: 'superagent (default: .redirects(5))',
    sender: superagentSender({}),
    expectedFailures: followed(
      'the client followed it itself over node:http: axios unless maxRedirects: 0, got unless ' +
        "followRedirect: false, node-fetch unless redirect: 'manual', superagent unless .redirects(0)",
    ),
    follows: getThenPost,
  },
  {
    name: 'superagent .redirects(0)',
    sender: superagentSender({ redirects: 0 }),
    expectedFailures: {},
    follows: [],
  },
];
