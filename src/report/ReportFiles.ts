import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError, writeFailure } from '../errors/OutputError.js';
import { SecretMask } from '../http/SecretMask.js';
import { maskReport } from './maskReport.js';
import type { Report } from './Report.js';
import { reportFormats, type ReportFileNames, type ReportFormatName } from './reportFormats.js';

export type { ReportFileNames } from './reportFormats.js';

/** A report file that could not be written, and why. */
export interface OutputFailure {
  /** The flag that named it: `--json`. */
  readonly output: string;
  readonly file: string;
  readonly why: string;
}

/** How often, at most, the files are rewritten while the run goes on. */
const INTERVAL_MS = 1000;

/**
 * Writes `text` to `file` atomically: a temporary file beside it, then renamed over it. A file that
 * is not a regular one (`/dev/stdout`, a pipe) is written in place: renaming over it would replace it.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const existing = await stat(file).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) return writeFile(file, text);
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The report files of a run (`--json`, `--junit`, `--html`), every secret masked (`mask`), rewritten
 * as the run goes on: at most once a second with the report as it stands (marked incomplete), and
 * once more at the end. Each
 * write replaces a file whole (a temporary file, renamed), so a reader never sees half a report, and
 * a run killed even by SIGKILL leaves the report of at most a second before.
 *
 * A file that cannot be written at start is refused ({@link ReportFiles.open} throws an OutputError);
 * one that fails later is told to `onFailure` once, and the other files are still written.
 */
export class ReportFiles {
  readonly #failed = new Map<ReportFormatName, OutputFailure>();
  #current: (() => Report) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastWrite = -Infinity;
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly files: ReportFileNames,
    readonly onFailure: (failure: OutputFailure) => void,
    /** What is secret: every file gets the report masked by it. */
    readonly mask: SecretMask,
  ) {}

  /**
   * Checks that every file can be written: its folders are created and a probe is written beside it
   * and removed (a file already there is left as it is until the first report replaces it).
   */
  static async open(
    files: ReportFileNames,
    onFailure: (failure: OutputFailure) => void = () => undefined,
    mask: SecretMask = new SecretMask(),
  ): Promise<ReportFiles> {
    for (const [kind, file] of Object.entries(files) as [ReportFormatName, string][]) {
      try {
        await mkdir(dirname(file), { recursive: true });
        const existing = await stat(file).catch(() => undefined);
        if (existing?.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
        if (existing !== undefined && !existing.isFile()) continue;
        const probe = join(dirname(file), `.${basename(file)}.${process.pid}.probe`);
        await writeFile(probe, '');
        await rm(probe);
      } catch (error) {
        throw new OutputError(reportFormats[kind].flag, file, writeFailure(error), {
          cause: error,
        });
      }
    }
    return new ReportFiles(files, onFailure, mask);
  }

  /** The files that could not be written so far. */
  get failures(): readonly OutputFailure[] {
    return [...this.#failed.values()];
  }

  /** The report changed: rewrite the files with `current()` within a second (not more often). */
  update(current: () => Report): void {
    this.#current = current;
    if (this.#timer !== undefined || Object.keys(this.files).length === 0) return;
    const wait = Math.max(0, this.#lastWrite + INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const current = this.#current;
      this.#current = undefined;
      if (current !== undefined) void this.#write(current());
    }, wait);
    this.#timer.unref();
  }

  /** Writes the final report (after any write in progress); resolves with every failure. */
  async finish(report: Report): Promise<readonly OutputFailure[]> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#current = undefined;
    await this.#write(report);
    return this.failures;
  }

  #write(given: Report): Promise<void> {
    this.#lastWrite = performance.now();
    const report = maskReport(given, this.mask);
    this.#writing = this.#writing.then(() =>
      Promise.all(
        (Object.entries(this.files) as [ReportFormatName, string][]).map(([kind, file]) =>
          this.#writeOne(kind, file, report),
        ),
      ).then(() => undefined),
    );
    return this.#writing;
  }

  async #writeOne(kind: ReportFormatName, file: string, report: Report): Promise<void> {
    try {
      await writeAtomically(file, reportFormats[kind].text(report));
      this.#failed.delete(kind);
    } catch (error) {
      if (this.#failed.has(kind)) return;
      const failure = { output: reportFormats[kind].flag, file, why: writeFailure(error) };
      this.#failed.set(kind, failure);
      this.onFailure(failure);
    }
  }
}
