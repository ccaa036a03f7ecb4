import { describe, expect, it } from 'vitest';
import { secretMask } from '../../../src/checks/receiver/secretMask.js';

const MASK = /\*\*\* \([0-9a-f]{8}\)/;

describe("check-receiver's secrets", () => {
  it('masks the --header values, the Pact Broker token and password, and the URL secrets wherever they appear', () => {
    const mask = secretMask(
      'https://crm.example.com/n?code=SECRET123-code',
      { 'X-Tenant': 'SECRET123-tenant', Authorization: 'Bearer SECRET123-auth' },
      { token: 'SECRET123-broker', password: 'SECRET123-pw' },
    );
    const text = mask.text(
      'the Pact Broker answered 500: bad token SECRET123-broker / SECRET123-pw; the CRM said ' +
        'Bearer SECRET123-auth for tenant SECRET123-tenant at code=SECRET123-code',
    );
    expect(text).not.toContain('SECRET123');
    expect(text).toMatch(MASK);
    expect(mask.headers({ 'x-tenant': 'acme' })['x-tenant']).toMatch(MASK);
  });

  it('a URL that does not parse adds nothing (the check refuses it before sending anything)', () => {
    expect(secretMask('not a url', {}).text('not a url')).toBe('not a url');
  });
});
