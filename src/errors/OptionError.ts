import { CpnError } from './CpnError.js';
import { asText } from '../util/asText.js';

/** One option that cannot be used: which, what was expected, what was found. */
export interface OptionIssue {
  /** The option's name in the API (`retryMaxAttempts`); the command line maps it to its flag. */
  readonly option: string;
  /** The OCS option it stands for, when there is one (`http-retry-max-attempts`). */
  readonly ocsOption?: string;
  readonly expected: string;
  readonly found: string;
}

/** What was found, already in words (`'none'`, `'header ETag twice'`): printed as is, not quoted. */
export class Described {
  constructor(readonly text: string) {}
}

/** Marks `text` as a description of what was found rather than the value itself. */
export const described = (text: string): Described => new Described(text);

/** A value in a few words for an issue: strings quoted, descriptions as written, the rest as they print. */
export function describeFound(value: unknown): string {
  if (value instanceof Described) return value.text;
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : asText(value);
}

/** `option (ocs-option): expected …, found …` */
export function issueText(issue: OptionIssue, name: string = issue.option): string {
  const ocs =
    issue.ocsOption !== undefined && issue.ocsOption !== name ? ` (${issue.ocsOption})` : '';
  return `${name}${ocs}: expected ${issue.expected}, found ${issue.found}`;
}

/**
 * Options that cannot be used, every one of them at once; nothing was started. Thrown before any I/O
 * by the functions that take options, so a caller fixes everything in one go.
 */
export class OptionError extends CpnError {
  override readonly name = 'OptionError';

  constructor(
    readonly issues: readonly OptionIssue[],
    /** What the options are of, for the message: `invalid OCS options`. */
    readonly context?: string,
  ) {
    super(
      'CPN_OPTION',
      issues.length === 1 && context === undefined
        ? issueText(issues[0]!)
        : `${context ?? 'invalid options'}:\n  ${issues.map((i) => issueText(i)).join('\n  ')}`,
    );
  }
}

/**
 * Throws an {@link OptionError} for one option; `found` is the value (quoted if a string) or {@link
 * described} words.
 */
export function badOption(
  option: string,
  expected: string,
  found: unknown,
  ocsOption?: string,
): never {
  throw new OptionError([
    {
      option,
      expected,
      found: describeFound(found),
      ...(ocsOption !== undefined ? { ocsOption } : {}),
    },
  ]);
}
