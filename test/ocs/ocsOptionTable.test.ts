/**
 * The OCS option table is the one place an option's API name, OCServer name, default and parser are
 * written: every setting of ocsSettings has an entry, the defaults are assumptions', the options
 * file reads the table's names with the table's parsers, and the modules that still name an OCS
 * option themselves (the retry policy, the custom headers) name the table's.
 */
import { describe, expect, it } from 'vitest';
import { assumptions } from '../../src/assumptions.js';
import { IssueCollector } from '../../src/errors/IssueCollector.js';
import { OptionError } from '../../src/errors/OptionError.js';
import { checkCustomHeaders } from '../../src/ocs/customHeaders.js';
import { OCS_OPTIONS, ocsOptionKeys, optionOfOcsName } from '../../src/ocs/ocsOptionTable.js';
import { ocsSettings, type OcsSettingsInput } from '../../src/ocs/ocsSettings.js';
import { retryPolicyIssues } from '../../src/retry/retryPolicy.js';
import { ocsOptionNames, parseOcsOption } from '../../src/sender/fromOcsOptions.js';

/** Every setting of ocsSettings: a key added to OcsSettingsInput and not here fails to compile. */
const SETTINGS = {
  responseTimeout: true,
  retryMaxAttempts: true,
  retryAppliesTo: true,
  connectionPoolSize: true,
} as const satisfies Record<keyof OcsSettingsInput, true>;

/** The settings' keys, typed. */
const settingKeys = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];

/** The issues `check` adds, thrown or collected. */
function issuesOf(check: () => unknown) {
  try {
    check();
  } catch (error) {
    if (error instanceof OptionError) return error.issues;
    throw error;
  }
  return [];
}

describe('OCS_OPTIONS', () => {
  it('has an entry for every setting of ocsSettings, each OCS name and flag once', () => {
    expect(ocsOptionKeys).toEqual(expect.arrayContaining(settingKeys));
    const names = ocsOptionKeys.map((key) => OCS_OPTIONS[key].ocs);
    const flags = ocsOptionKeys.map((key) => OCS_OPTIONS[key].flag);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(flags).size).toBe(flags.length);
    for (const key of ocsOptionKeys) expect(optionOfOcsName(OCS_OPTIONS[key].ocs)).toBe(key);
  });

  it('takes its defaults from assumptions', () => {
    expect(OCS_OPTIONS.responseTimeout.default).toBe(assumptions.responseTimeoutSeconds);
    expect(OCS_OPTIONS.retryMaxAttempts.default).toBe(assumptions.retryMaxAttempts);
    expect(OCS_OPTIONS.retryAppliesTo.default).toBe(assumptions.retryAppliesTo);
    expect(OCS_OPTIONS.connectionPoolSize.default).toBe(assumptions.connectionPoolSize);
  });

  it('is what the options file reads: its names, in its order, and its parsers naming the OCS option', () => {
    expect(ocsOptionNames).toEqual([
      'contact-processed-notification',
      ...ocsOptionKeys.map((key) => OCS_OPTIONS[key].ocs),
    ]);
    for (const key of ocsOptionKeys) {
      const { ocs } = OCS_OPTIONS[key];
      const bad = key === 'customHeaders' ? 'Host: x' : 'not one';
      expect(issuesOf(() => parseOcsOption(ocs, bad)).map((i) => i.option)).toEqual([ocs]);
      expect(parseOcsOption(ocs, sample(key))).toEqual(OCS_OPTIONS[key].parse(ocs, sample(key)));
    }
  });

  it('is the OCS option named beside a refused API value, where a module names one itself', () => {
    const issues = new IssueCollector();
    ocsSettings({ responseTimeout: 0, retryMaxAttempts: -1, connectionPoolSize: 0 }, issues);
    ocsSettings({ retryAppliesTo: ['always' as never] }, issues);
    const headers = issuesOf(() => checkCustomHeaders({ Host: 'x' }, 'customHeaders'));
    const named = Object.fromEntries(
      [...issues.issues, ...headers].map((i) => [i.option, i.ocsOption]),
    );
    for (const key of [...settingKeys, 'customHeaders'] as const)
      expect([key, named[key]]).toEqual([key, OCS_OPTIONS[key].ocs]);
    expect(retryPolicyIssues({ retryMaxAttempts: -1 })[0]?.ocsOption).toBe(
      OCS_OPTIONS.retryMaxAttempts.ocs,
    );
  });
});

/** A value each option accepts, as an operator writes it. */
function sample(key: keyof typeof OCS_OPTIONS): string {
  const samples: Record<keyof typeof OCS_OPTIONS, string> = {
    uri: 'http://127.0.0.1:9/in',
    retryAppliesTo: 'timeout,5xx',
    retryMaxAttempts: '3',
    connectionPoolSize: '2',
    customHeaders: 'X-Tenant: 42',
    proxy: 'http://127.0.0.1:3128',
    responseTimeout: '0.5',
  };
  return samples[key];
}
