/**
 * Reads an HTML report a command wrote with `--html FILE`, for the CLI tests: the page, and each
 * finding's part of it (by report command and finding id) with its timeline rows counted.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';

export interface HtmlPage {
  readonly html: string;
  /** The markup of one finding (`<article data-id=…>`), in the report of that command. */
  finding(command: string, id: string): string;
  /** How many timeline rows (`attempt-mark` elements, green or red) a finding has. */
  marks(command: string, id: string): number;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads the page and checks it is one self-contained page: one document, nothing loaded from a network. */
export async function readHtmlPage(file: string): Promise<HtmlPage> {
  const html = await readFile(file, 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html.match(/<html[\s>]/g)).toHaveLength(1);
  expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  expect(html).not.toMatch(/<link\b|<script\b[^>]*\bsrc=/i);
  const section = (command: string) => {
    const start = html.indexOf(`<section class="report" id="report-`);
    const sections = html.slice(start).split(/(?=<section class="report")/);
    const found = sections.find((s) => s.includes(`data-command="${command}"`));
    if (found === undefined) throw new Error(`no report of ${command} in the page`);
    return found;
  };
  const finding = (command: string, id: string) => {
    const pattern = new RegExp(`<article [^>]*data-id="${escaped(id)}">[\\s\\S]*?</article>`);
    const found = pattern.exec(section(command))?.[0];
    if (found === undefined) throw new Error(`no finding ${id} in the ${command} report`);
    return found;
  };
  return {
    html,
    finding,
    marks: (command, id) => finding(command, id).match(/class="attempt-mark[ "]/g)?.length ?? 0,
  };
}
