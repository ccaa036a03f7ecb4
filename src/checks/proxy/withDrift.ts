import { OCS_OPTIONS } from '../../ocs/ocsOptionTable.js';
import type { Finding, Report, SettingSource } from '../../report/Report.js';

const { connectionPoolSize, responseTimeout, retryMaxAttempts, retryAppliesTo } = OCS_OPTIONS;
const retries = [retryMaxAttempts.ocs, retryAppliesTo.ocs];

/** The OCS options each of the proxy's sender rules judges against. */
const OPTIONS_OF_RULE: Readonly<Record<string, readonly string[]>> = {
  'sender-pool': [connectionPoolSize.ocs],
  'sender-timeout': [responseTimeout.ocs],
  'sender-retries': retries,
  'sender-attempts': retries,
};

function drifted(finding: Finding, settings: readonly SettingSource[]): Finding {
  const options = OPTIONS_OF_RULE[finding.id];
  if (finding.status !== 'fail' || options === undefined) return finding;
  const configured = settings.filter((s) => options.includes(s.option) && s.origin === 'file');
  if (configured.length === 0) return finding;
  const said = configured.map((s) => `${s.option} = ${s.value} (${s.from})`).join(', ');
  return {
    ...finding,
    summary: `drift: ${finding.summary}`,
    details: [
      ...(finding.details ?? []),
      `the sender does not do what the operator's options say: ${said}`,
    ],
  };
}

/**
 * The proxy's report with the run's settings, and each failing sender rule judged against a value
 * from the operator's options file (`--ocs-options`) marked as drift: the OCS in front of the proxy
 * does not behave as its configuration says (a pool larger than configured, another timeout, other
 * retries).
 */
export const withDrift =
  (settings: readonly SettingSource[]) =>
  (report: Report): Report =>
    settings.length === 0
      ? report
      : { ...report, settings, findings: report.findings.map((f) => drifted(f, settings)) };
