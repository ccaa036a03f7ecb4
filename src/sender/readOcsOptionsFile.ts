import { IssueCollector } from '../errors/IssueCollector.js';
import { OptionError, type OptionIssue } from '../errors/OptionError.js';
import { readFile } from 'node:fs/promises';
import { ocsOptionNames, parseOcsOption, type OcsOptionName } from './fromOcsOptions.js';

/** One option of an operator's options file: its value as written, as the sender reads it, and where. */
export interface OcsOptionValue {
  /** As written in the file (trimmed). */
  readonly text: string;
  /** As the sender takes it: seconds, a number, a list of retry conditions, headers by name, … */
  readonly value: unknown;
  /** Where it was written: `ocs.cfg:7`. */
  readonly at: string;
}

/** The OCS options read from an operator's file, by OCS option name. */
export type OcsOptionsFile = Partial<Record<OcsOptionName, OcsOptionValue>>;

interface Entry {
  readonly name: string;
  readonly text: string;
  readonly line: number;
}

/** A problem of the file, with the line it is on (0: the file as a whole), to name them in order. */
interface LinedIssue {
  readonly line: number;
  readonly issue: OptionIssue;
}

/** The section whose options are read when a file has sections (`[OCServer]`). */
const SECTION = 'ocserver';

/** `key = value` lines; `[section]` headers (only `[OCServer]`'s options are read); `#`/`;` comments. */
function sectionEntries(text: string, file: string, issues: LinedIssue[]): Entry[] {
  const entries: Entry[] = [];
  const lines = text.split(/\r?\n/);
  const sectioned = lines.some((line) => /^\s*\[[^\]]+\]\s*$/.test(line));
  let inSection = !sectioned;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const at = `${file}:${index + 1}`;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) inSection = section[1]!.trim().toLowerCase() === SECTION;
    else if (line === '' || line.startsWith('#') || line.startsWith(';') || !inSection) return;
    else if (!/^[^=:\s]+\s*[=:]/.test(line))
      issues.push({
        line: index + 1,
        issue: { option: at, expected: 'an option as `name = value`', found: JSON.stringify(raw) },
      });
    else {
      const [, name, value] = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line)!;
      entries.push({ name: name!, text: value!.trim(), line: index + 1 });
    }
  });
  return entries;
}

/** A JSON object of option name → value (string, number or boolean); lines found by the key's text. */
function jsonEntries(text: string, file: string, issues: LinedIssue[]): Entry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    issues.push({
      line: 0,
      issue: { option: file, expected: 'JSON', found: (error as Error).message },
    });
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    issues.push({
      line: 0,
      issue: {
        option: file,
        expected: 'a JSON object of option → value',
        found: 'another JSON value',
      },
    });
    return [];
  }
  const lines = text.split(/\r?\n/);
  return Object.entries(parsed).flatMap(([name, value]) => {
    const line = lines.findIndex((l) => l.includes(JSON.stringify(name))) + 1;
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      issues.push({
        line,
        issue: {
          option: `${file}:${line}: ${name}`,
          expected: 'a string, number or boolean',
          found: JSON.stringify(value),
        },
      });
      return [];
    }
    return [{ name, text: String(value).trim(), line }];
  });
}

/** How many one-character edits turn `a` into `b` (to name the option a typo meant). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}

/** Checks one entry: a known name, given once, a value the sender accepts. */
function readEntry(
  entry: Entry,
  file: string,
  read: OcsOptionsFile,
  seen: Map<OcsOptionName, string>,
  lined: LinedIssue[],
): void {
  const at = `${file}:${entry.line}`;
  const issues = { push: (issue: OptionIssue) => lined.push({ line: entry.line, issue }) };
  const name = entry.name.toLowerCase();
  if (!(ocsOptionNames as readonly string[]).includes(name)) {
    const near = ocsOptionNames.find((known) => editDistance(known, name) <= 2);
    const expected = near
      ? `${near} (a notification option of OCServer)`
      : `a notification option of OCServer (one of ${ocsOptionNames.join(', ')})`;
    issues.push({ option: `${at}: ${entry.name}`, expected, found: 'an unknown option' });
    return;
  }
  const known = name as OcsOptionName;
  const earlier = seen.get(known);
  if (earlier !== undefined) {
    const found = `it again (first at ${earlier})`;
    issues.push({ option: `${at}: ${name}`, expected: 'each option once', found });
    return;
  }
  seen.set(known, at);
  const collector = new IssueCollector();
  const value = collector.check(() => parseOcsOption(known, entry.text));
  for (const issue of collector.issues)
    issues.push({ option: `${at}: ${name}`, expected: issue.expected, found: issue.found });
  if (collector.issues.length === 0) read[known] = { text: entry.text, value, at };
}

/**
 * Reads the OCServer application's options as an operator copies them from the configuration tool:
 * `name = value` lines (a `[OCServer]` section header, `#` and `;` comments allowed; with sections,
 * only `[OCServer]`'s options are read), or a JSON object. Every unknown name, repeated option,
 * malformed line and bad value is named at once, with its file and line, in one OptionError
 * (`CPN_OPTION`); nothing is returned then.
 *
 * @example
 * const options = await readOcsOptionsFile('ocs.cfg');
 * options['http-response-timeout']; // { text: '5', value: 5, at: 'ocs.cfg:7' }
 */
export async function readOcsOptionsFile(file: string): Promise<OcsOptionsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new OptionError([
      { option: '--ocs-options', expected: 'a readable options file', found: `${file} (${why})` },
    ]);
  }
  const lined: LinedIssue[] = [];
  const entries = text.trimStart().startsWith('{')
    ? jsonEntries(text, file, lined)
    : sectionEntries(text, file, lined);
  const read: OcsOptionsFile = {};
  const seen = new Map<OcsOptionName, string>();
  for (const entry of entries) readEntry(entry, file, read, seen, lined);
  const issues = lined.sort((a, b) => a.line - b.line).map(({ issue }) => issue);
  if (issues.length > 0) throw new OptionError(issues, `invalid OCS options in ${file}`);
  return read;
}
