import { describe, expect, it } from 'vitest';
import { followMechanism } from '../../src/ocs/followMechanism.js';

const hit = { scenarioId: 'redirect-302', method: 'GET', url: 'http://x/__redirect-target', at: 1 };

describe('followMechanism: the client that followed a redirect, and the setting that stops it', () => {
  it('names a client by its default User-Agent, on a socket or in-process', () => {
    expect(followMechanism({ ...hit, userAgent: 'axios/1.21.1' })).toBe(
      'axios follows redirects unless maxRedirects: 0',
    );
    expect(followMechanism({ ...hit, userAgent: 'curl/7.88.1' })).toBe(
      'curl follows redirects when given -L (--location)',
    );
    expect(followMechanism({ ...hit, userAgent: 'node' })).toBe(
      "fetch follows redirects unless redirect: 'manual'",
    );
  });

  it('a client with its own User-Agent: named only when it came through node:http in-process', () => {
    expect(followMechanism({ ...hit, userAgent: 'crm-relay/1.0' })).toBeUndefined();
    expect(followMechanism(hit)).toBeUndefined();
    expect(followMechanism({ ...hit, userAgent: 'crm-relay/1.0', viaNodeHttp: true })).toMatch(
      /^the client followed it itself over node:http: axios unless maxRedirects: 0, got unless followRedirect: false, node-fetch unless redirect: 'manual', superagent unless \.redirects\(0\)$/,
    );
  });
});
