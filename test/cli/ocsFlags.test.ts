/**
 * Every command that takes an OCS setting takes it with the table's flag (`OCS_OPTIONS`): its name,
 * its default and its parser, refusing a bad value by naming the flag, in process and as a user runs
 * the CLI; and the flag the CLI names for a value the API refuses is the table's.
 */
import type { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { FLAG_FOR_OPTION } from '../../src/cli/flags.js';
import { createProgram } from '../../src/cli/program.js';
import { OptionError } from '../../src/errors/OptionError.js';
import { OCS_OPTIONS, ocsOptionKeys, type OcsOptionKey } from '../../src/ocs/ocsOptionTable.js';
import { runCli } from './runCli.js';

/** The OCS settings each command takes as flags. */
const TAKEN: Readonly<Record<string, readonly OcsOptionKey[]>> = {
  send: [
    'uri',
    'connectionPoolSize',
    'retryMaxAttempts',
    'retryAppliesTo',
    'responseTimeout',
    'proxy',
    'customHeaders',
  ],
  replay: [
    'uri',
    'connectionPoolSize',
    'retryMaxAttempts',
    'retryAppliesTo',
    'responseTimeout',
    'customHeaders',
  ],
  proxy: ['retryMaxAttempts', 'retryAppliesTo', 'responseTimeout', 'connectionPoolSize'],
  'check-sender': ['retryMaxAttempts', 'retryAppliesTo', 'responseTimeout'],
  'check-receiver': ['customHeaders', 'responseTimeout', 'connectionPoolSize'],
};

const parsed = ocsOptionKeys.filter((key) => OCS_OPTIONS[key].takes === 'parsed');

/** The key of the table whose flag `option` is, if any. */
const keyOf = (option: Option) =>
  ocsOptionKeys.find((key) => OCS_OPTIONS[key].flag === option.long);

describe('the OCS flags of the commands', () => {
  const commands = createProgram().commands;

  it.each(commands.map((c) => [c.name(), c] as const))(
    "%s takes its OCS settings with the table's flags",
    (name, command) => {
      const taken = command.options.filter((o) => keyOf(o) !== undefined);
      expect(taken.map(keyOf)).toEqual(TAKEN[name] ?? []);
      for (const option of taken) {
        const entry = OCS_OPTIONS[keyOf(option)!];
        expect(option.flags).toBe(`${entry.flag} ${entry.placeholder}`);
        const fallback =
          entry.takes === 'repeated' ? [] : 'default' in entry ? entry.default : undefined;
        expect(option.defaultValue).toEqual(fallback);
        if (entry.takes !== 'parsed') continue;
        expect(option.defaultValueDescription).toBe(
          'defaultShown' in entry ? entry.defaultShown : undefined,
        );
        let refused: unknown;
        try {
          option.parseArg!('x', undefined);
        } catch (error) {
          refused = error;
        }
        expect(refused).toBeInstanceOf(OptionError);
        expect((refused as OptionError).issues.map((i) => i.option)).toEqual([entry.flag]);
      }
    },
  );

  it("names the table's flag for a value the API refuses", () => {
    for (const key of ocsOptionKeys) expect(FLAG_FOR_OPTION[key]).toBe(OCS_OPTIONS[key].flag);
    expect(FLAG_FOR_OPTION['explore.connectionPoolSize']).toBe(OCS_OPTIONS.connectionPoolSize.flag);
  });

  it.each(parsed)('cpn-kit send refuses a bad %s naming its flag, exit 2', async (key) => {
    const { flag } = OCS_OPTIONS[key];
    const run = await runCli(['send', flag, 'x', '--uri', 'http://127.0.0.1:9/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^cpn-kit: ${flag}: expected `));
  });

  it("cpn-kit send names --proxy, the table's flag, for a proxy the API refuses", async () => {
    const run = await runCli(['send', '--proxy', 'https://p:1', '--uri', 'http://127.0.0.1:9/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cpn-kit: --proxy \(http-proxy\): expected /);
  });
});
