import { assumptions } from '../assumptions.js';
import { describeFound, OptionError, type OptionIssue } from '../errors/OptionError.js';

/**
 * Where a notification's retries are decided: the retry settings (`http-retry-max-attempts`,
 * `http-retry-applies-to`), their defaults and validation, the failure kind of an answer, and the
 * decision to retry. The reference sender, the scenarios and the judge all use this one module.
 */

/** A failure kind the retry policy (`http-retry-applies-to`) can name. */
export type RetryCondition = 'connection-failure' | 'timeout' | '3xx' | '4xx' | '5xx';

/** Every retry condition, in the order they are documented. */
export const retryConditions: readonly RetryCondition[] = Object.freeze([
  'connection-failure',
  'timeout',
  '3xx',
  '4xx',
  '5xx',
]);

/** The two retry settings. */
export interface RetryPolicy {
  /** `http-retry-max-attempts`: retries after the first attempt. */
  readonly retryMaxAttempts: number;
  /** `http-retry-applies-to`: the failure kinds that are retried. */
  readonly retryAppliesTo: readonly RetryCondition[];
}

/** The problems of a retry policy's settings, as option issues (none when they can be used). */
export function retryPolicyIssues(settings: Partial<RetryPolicy>): OptionIssue[] {
  const issues: OptionIssue[] = [];
  const max = settings.retryMaxAttempts;
  if (max !== undefined && (!Number.isInteger(max) || max < 0))
    issues.push({
      option: 'retryMaxAttempts',
      ocsOption: 'http-retry-max-attempts',
      expected: 'an integer 0 or more',
      found: describeFound(max),
    });
  for (const condition of settings.retryAppliesTo ?? []) {
    if (!retryConditions.includes(condition))
      issues.push({
        option: 'retryAppliesTo',
        ocsOption: 'http-retry-applies-to',
        expected: `a list of ${retryConditions.join(', ')}`,
        found: describeFound(condition),
      });
  }
  return issues;
}

/** The retry policy with the assumed defaults filled in; throws an {@link OptionError} naming each bad setting. */
export function retryPolicy(settings: Partial<RetryPolicy> = {}): RetryPolicy {
  const issues = retryPolicyIssues(settings);
  if (issues.length > 0) throw new OptionError(issues);
  return {
    retryMaxAttempts: settings.retryMaxAttempts ?? assumptions.retryMaxAttempts,
    retryAppliesTo: [...(settings.retryAppliesTo ?? assumptions.retryAppliesTo)],
  };
}

/** The failure kind of an HTTP status, or `undefined` for success (any 2xx). A 1xx final status counts as 4xx. */
export function statusCondition(status: number): RetryCondition | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 500) return '5xx';
  return '4xx';
}

/** Whether attempt `attempt` (1-based), which met `condition`, is followed by another one. */
export function retries(policy: RetryPolicy, condition: RetryCondition, attempt: number): boolean {
  return policy.retryAppliesTo.includes(condition) && attempt < 1 + policy.retryMaxAttempts;
}

/** The pause before retry `retry` (1-based) under a backoff. */
export function backoffDelayMs(
  retry: number,
  backoff: { readonly initialMs: number; readonly maxMs: number } = assumptions.retryBackoff,
): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, retry - 1));
}
