import { ClientRequest } from 'node:http';

/**
 * What made a request that msw intercepted: global fetch, node:http (a ClientRequest: axios, got,
 * node-fetch, superagent, …), or something else (an XMLHttpRequest). msw's interceptors keep the
 * original request on the one they hand over, under the symbol `getRawRequest` of
 * `@mswjs/interceptors` reads (since 0.38.3, which every msw from 2.9 uses): a ClientRequest for
 * node:http, the given Request (or nothing) for fetch. Read by the symbol's description: the kit
 * does not depend on msw's own dependency, whose module copy (ESM or CommonJS) may differ from msw's.
 */
export function interceptedVia(request: Request): 'fetch' | 'node:http' | 'other' {
  const symbol = Object.getOwnPropertySymbols(request).find((s) => s.description === 'kRawRequest');
  const raw: unknown = symbol === undefined ? undefined : Reflect.get(request, symbol);
  if (raw instanceof ClientRequest) return 'node:http';
  if (raw === undefined || raw instanceof Request) return 'fetch';
  return 'other';
}
