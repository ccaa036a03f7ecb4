import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Report } from './Report.js';
import { reportToHtml } from './reportToHtml.js';

/**
 * Writes reports as one self-contained HTML page (`reportToHtml`), creating the file's folders
 * first: for a command with several reports (`demo`: check-receiver, check-sender, send).
 */
export async function writeHtmlReport(file: string, reports: readonly Report[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, reportToHtml(reports));
}
