import { assumptions } from '../assumptions.js';
import type { IssueCollector } from '../errors/IssueCollector.js';
import { badOption } from '../errors/OptionError.js';
import { OCS_OPTIONS } from './ocsOptionTable.js';
import { retryPolicy, type RetryCondition, type RetryPolicy } from '../retry/retryPolicy.js';

/** The OCS options every role is configured with, by the API's names, as given (each optional). */
export interface OcsSettingsInput {
  /** `http-response-timeout`, in seconds (fractions allowed). */
  readonly responseTimeout?: number;
  /** `http-retry-max-attempts`: retries after the first attempt. */
  readonly retryMaxAttempts?: number;
  /** `http-retry-applies-to`. */
  readonly retryAppliesTo?: readonly RetryCondition[];
  /** `http-connection-pool-size`. */
  readonly connectionPoolSize?: number;
}

/** The OCS options, checked, with the documented defaults filled in. */
export interface OcsSettings extends RetryPolicy {
  /** In seconds, as OCS and every flag and report give it. */
  readonly responseTimeoutSeconds: number;
  /** The same in milliseconds, as timers take it. */
  readonly responseTimeoutMs: number;
  readonly connectionPoolSize: number;
}

/**
 * The one settings step: turns the OCS options a command or function was given into normalised
 * settings (the defaults of `assumptions` filled in, the timeout in seconds and in milliseconds),
 * adding every problem to `issues` in one wording, with the OCS option each stands for. Used by the
 * reference sender, the scenario session, check-receiver and the proxy; undefined when a problem
 * was found (the caller throws them all at once).
 */
export function ocsSettings(
  input: OcsSettingsInput,
  issues: IssueCollector,
): OcsSettings | undefined {
  const before = issues.issues.length;
  const { retryMaxAttempts, retryAppliesTo } = input;
  const policy = issues.check(() => retryPolicy({ retryMaxAttempts, retryAppliesTo }));
  const pool = input.connectionPoolSize ?? assumptions.connectionPoolSize;
  if (typeof pool !== 'number' || !Number.isInteger(pool) || pool < 1)
    issues.check(() =>
      badOption(
        'connectionPoolSize',
        'an integer 1 or more',
        pool,
        OCS_OPTIONS.connectionPoolSize.ocs,
      ),
    );
  const seconds = input.responseTimeout ?? assumptions.responseTimeoutSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0)
    issues.check(() =>
      badOption(
        'responseTimeout',
        'a number of seconds greater than 0',
        seconds,
        OCS_OPTIONS.responseTimeout.ocs,
      ),
    );
  if (issues.issues.length > before || policy === undefined) return undefined;
  return {
    ...policy,
    responseTimeoutSeconds: seconds,
    responseTimeoutMs: seconds * 1000,
    connectionPoolSize: pool,
  };
}
