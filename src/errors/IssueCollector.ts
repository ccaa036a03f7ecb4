import { OptionError, type OptionIssue } from './OptionError.js';

/**
 * Collects the issues of several options, so that one {@link OptionError} names every bad option at
 * once: each check runs through `check`, which keeps the issues of an OptionError and goes on.
 */
export class IssueCollector {
  readonly issues: OptionIssue[] = [];

  /** Runs one check; its value, or undefined when it found issues (kept). */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      this.issues.push(...error.issues);
      return undefined;
    }
  }

  /** Throws one OptionError naming every issue collected, if any. */
  throwIfAny(context?: string): void {
    if (this.issues.length > 0) throw new OptionError(this.issues, context);
  }
}
