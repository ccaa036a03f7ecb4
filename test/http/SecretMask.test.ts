import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSecretHeaderName } from '../../src/http/isSecretHeaderName.js';
import { LEARNED_MAX, SecretMask } from '../../src/http/SecretMask.js';

const MASK = /^\*\*\* \([0-9a-f]{8}\)$/;

describe('isSecretHeaderName', () => {
  it.each([
    'Authorization',
    'proxy-authorization',
    'Cookie',
    'Set-Cookie',
    'X-Api-Key',
    'x-apikey',
    'X-Auth-Token',
    'X-Auth',
    'Ocp-Apim-Subscription-Key',
    'X-Amz-Security-Token',
    'X-Hub-Signature-256',
    'X-Session-Id',
    'Private-Token',
    'X-Client-Secret',
    'X-Password',
  ])('%s carries a credential', (name) => expect(isSecretHeaderName(name)).toBe(true));

  it.each([
    'WWW-Authenticate',
    'Proxy-Authenticate',
    'Content-Type',
    'ETag',
    'User-Agent',
    'Keep-Alive',
    'Location',
    'X-Tenant',
    'X-Request-Id',
  ])('%s does not, by its name', (name) => expect(isSecretHeaderName(name)).toBe(false));
});

describe('SecretMask', () => {
  it('masks a credential header, keeping its scheme; one value, one fingerprint', () => {
    const mask = new SecretMask();
    const a = mask.headers({
      authorization: 'Bearer SECRET123',
      'content-type': 'application/json',
    });
    expect(a['content-type']).toBe('application/json');
    expect(a.authorization).toMatch(/^Bearer \*\*\* \([0-9a-f]{8}\)$/);
    expect(mask.headers({ Authorization: 'Bearer SECRET123' }).Authorization).toBe(a.authorization);
    expect(mask.headers({ authorization: 'Bearer SECRET124' }).authorization).not.toBe(
      a.authorization,
    );
    expect(mask.headers({ authorization: 'SECRET123abc' }).authorization).toMatch(MASK);
  });

  it('fingerprints with a key of its own: not the SHA-256 of the value, so a guess cannot be checked', () => {
    const shown = new SecretMask().mask('hunter2');
    const sha = createHash('sha256').update('hunter2').digest('hex').slice(0, 8);
    expect(shown).toMatch(MASK);
    expect(shown).not.toContain(sha);
  });

  it('masks each cookie value, and the value of a Set-Cookie, keeping names and attributes', () => {
    const mask = new SecretMask();
    const shown = mask.headers({
      cookie: 'sid=SECRET123; theme=dark',
      'set-cookie': 'session=SECRET456; Path=/; HttpOnly',
    });
    expect(shown.cookie).toMatch(/^sid=\*\*\* \([0-9a-f]{8}\); theme=\*\*\* \([0-9a-f]{8}\)$/);
    expect(shown['set-cookie']).toMatch(/^session=\*\*\* \([0-9a-f]{8}\); Path=\/; HttpOnly$/);
  });

  it('masks the headers named like a credential and those given, not the others', () => {
    const mask = new SecretMask({ headers: ['X-Tenant'] });
    const shown = mask.headers({ 'x-api-key': 'k1', 'x-tenant': 'acme', 'x-request-id': 'r1' });
    expect(shown).toEqual({
      'x-api-key': expect.stringMatching(MASK),
      'x-tenant': expect.stringMatching(MASK),
      'x-request-id': 'r1',
    });
  });

  it('masks a value learned from a secret header wherever it appears next: another header, a body', () => {
    const mask = new SecretMask();
    const sent = mask.headers({ authorization: 'Bearer SECRET123' });
    const answer = mask.headers({
      'www-authenticate': 'Bearer error="invalid_token", token="Bearer SECRET123"',
    });
    expect(answer['www-authenticate']).toBe(
      `Bearer error="invalid_token", token="${sent.authorization}"`,
    );
    expect(mask.text('{"seen":"SECRET123","again":"SECRET123"}')).not.toContain('SECRET123');
    expect(mask.text('a%20b SECRET123 c')).toBe(`a%20b ${sent.authorization!.slice(7)} c`);
  });

  it('masks the values given wherever they appear, their scheme kept; a short one only as a header value', () => {
    const mask = new SecretMask({ values: ['Bearer SECRET123', '42'] });
    expect(mask.text("curl -H 'Authorization: Bearer SECRET123' -d 42")).toMatch(
      /^curl -H 'Authorization: Bearer \*\*\* \([0-9a-f]{8}\)' -d 42$/,
    );
    expect(mask.text('token SECRET123')).toMatch(/^token \*\*\* \([0-9a-f]{8}\)$/);
  });

  it('masks credentials in any URL, and the password and secret query values of a URL it is given', () => {
    const mask = new SecretMask();
    mask.addUrl(new URL('https://crm.example.com/n?tenant=acme&api_key=SECRET123&code=SECRET456'));
    const text = mask.text(
      'posting to https://crm.example.com/n?tenant=acme&api_key=SECRET123&code=SECRET456 via http://u:hunter2@proxy:8080/',
    );
    expect(text).not.toMatch(/SECRET|hunter2/);
    expect(text).toContain('tenant=acme');
    expect(text).toContain('http://***@proxy:8080/');
  });

  it('masks a query parameter named like a credential in any URL, without being told', () => {
    const text = new SecretMask().text(
      '502 (https://crm/n?tenant=acme&token=SECRET123#x) ?code=SECRET456',
    );
    expect(text).toMatch(
      /^502 \(https:\/\/crm\/n\?tenant=acme&token=\*\*\* \([0-9a-f]{8}\)#x\) \?code=\*\*\* /,
    );
  });

  it('masks a secret header or setting written out in a text, without being told its value', () => {
    const mask = new SecretMask();
    const shown = mask.text(
      `node relay.js -H 'Authorization: Bearer abc' --password=hunter2 {"token":"xyz","id":"7"} ` +
        'X-Api-Key:k1, error: connection refused, GSW_CALL_RESULT: 7',
    );
    expect(shown).not.toMatch(/abc|hunter2|xyz|k1/);
    expect(shown).toMatch(/'Authorization: Bearer \*\*\* \([0-9a-f]{8}\)' --password=\*\*\* /);
    expect(shown).toContain('"id":"7"');
    expect(shown).toContain('error: connection refused, GSW_CALL_RESULT: 7');
    expect(mask.text(shown)).toBe(shown);
    expect(mask.text("-H 'Authorization: ***'")).toBe("-H 'Authorization: ***'");
  });

  it('finds every credential name written out, whichever word makes it one (the quick pre-test misses none)', () => {
    const names = [
      ...['Authorization', 'Proxy-Authorization', 'Cookie', 'Set-Cookie', 'X-Api-Key', 'X-Api_Key'],
      ...['X-Auth-Token', 'X-Amz-Security-Token', 'X-Hub-Signature-256', 'X-Session-Id', 'X-Sid'],
      ...['X-Client-Secret', 'X-Password', 'X-Passwd', 'X-Pwd', 'X-Passphrase', 'X-Apikey'],
      ...['X-Sessionid', 'X-Credential', 'X-Credentials', 'X-Jwt', 'X-Bearer', 'X-Key'],
    ];
    for (const name of names) {
      expect(isSecretHeaderName(name), name).toBe(true);
      expect(new SecretMask().text(`${name}: v4lue-0123`), name).not.toContain('v4lue-0123');
    }
    for (const query of ['code', 'sig', 'signature', 'key', 'access_token', 'auth', 'pass'])
      expect(new SecretMask().text(`GET /n?${query}=v4lue-0123`), query).not.toContain('v4lue');
  });

  it('masks a given header name written out in a text, in any case, though no credential word is in it', () => {
    const mask = new SecretMask({ headers: ['X-Tenant'] });
    // No credential word in it: only the name given tells that its value is secret.
    const shown = mask.text("curl -H 'x-TENANT: acme-7788' -H 'X-Other: plain-value' http://crm/");
    expect(shown).not.toContain('acme-7788');
    expect(shown).toContain('X-Other: plain-value');
    // Without a name that could be secret, a text with ':' and '=' is left as it was.
    for (const plain of [
      'answered 200 in 3 ms: GSW_CHAIN_ID=1042, at 12:10:05',
      'PASS 35e9e197-e753-4534-94e2-f92653b09259: delivered after 1 attempt (200 in 27 ms)',
    ])
      expect(new SecretMask().text(plain)).toBe(plain);
  });

  it('changes nothing it already masked', () => {
    const mask = new SecretMask({ values: ['SECRET123'] });
    const once = mask.headers({
      authorization: 'Bearer SECRET123',
      cookie: 'a=SECRET123',
      'x-token': '***',
    });
    expect(new SecretMask().headers(once)).toEqual(once);
    expect(once['x-token']).toBe('***');
  });

  it('searches the most recent learned values only, so a sender cannot grow it without bound', () => {
    const mask = new SecretMask({ values: ['GIVEN-SECRET'] });
    for (let i = 0; i <= LEARNED_MAX; i += 1)
      mask.learn({ authorization: `Bearer token-${1000 + i}` });
    expect(mask.text('token-1000')).toBe('token-1000');
    expect(mask.text(`token-${1000 + LEARNED_MAX}`)).toMatch(MASK);
    expect(mask.text('GIVEN-SECRET')).toMatch(MASK);
  });

  it('learns a value again when it comes back after being forgotten, the same header unchanged', () => {
    const mask = new SecretMask();
    mask.learn({ 'x-api-key': 'KEEP-ME-1' });
    for (let i = 0; i < LEARNED_MAX; i += 1)
      mask.learn({ authorization: `Bearer token-${1000 + i}` });
    expect(mask.text('KEEP-ME-1')).toBe('KEEP-ME-1');
    mask.learn({ 'x-api-key': 'KEEP-ME-1' });
    expect(mask.text('KEEP-ME-1')).toMatch(MASK);
  });
});
