import type { FollowedRedirect } from './Delivery.js';

/** Clients known by their default User-Agent, with how they follow a redirect and how to stop it. */
const knownClients: readonly { readonly userAgent: RegExp; readonly mechanism: string }[] = [
  // Node's global fetch (and what wraps it: ky, ofetch) on a socket.
  { userAgent: /^node$/, mechanism: "fetch follows redirects unless redirect: 'manual'" },
  { userAgent: /^axios\//, mechanism: 'axios follows redirects unless maxRedirects: 0' },
  { userAgent: /^got \(/, mechanism: 'got follows redirects unless followRedirect: false' },
  { userAgent: /^node-fetch/, mechanism: "node-fetch follows redirects unless redirect: 'manual'" },
  {
    userAgent: /^python-requests\//,
    mechanism: 'requests follows redirects unless allow_redirects=False',
  },
  {
    userAgent: /^Python-urllib\//,
    mechanism:
      "urllib's default HTTPRedirectHandler follows redirects unless replaced by one whose redirect_request returns None",
  },
  { userAgent: /^curl\//, mechanism: 'curl follows redirects when given -L (--location)' },
];

/** The node:http clients' own settings, when the client that followed is not known by name. */
const nodeHttpClients =
  "the client followed it itself over node:http: axios unless maxRedirects: 0, got unless followRedirect: false, node-fetch unless redirect: 'manual', superagent unless .redirects(0)";

/**
 * The client's own redirect following that requested a Location, and the setting that turns it
 * off: named from the client's default User-Agent, or, for a node:http request in-process whose
 * client is not known, the settings of the usual node:http clients. `undefined` when nothing tells.
 */
export function followMechanism(hit: FollowedRedirect): string | undefined {
  const known = knownClients.find((c) => c.userAgent.test(hit.userAgent ?? ''));
  if (known !== undefined) return known.mechanism;
  return hit.viaNodeHttp === true ? nodeHttpClients : undefined;
}
