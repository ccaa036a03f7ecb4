import type { SecretMask } from '../http/SecretMask.js';
import type { ExchangeMessage, ExchangeRecord, Finding, Report } from './Report.js';

/** Every header of the findings' timelines, for the mask to learn their secret values first. */
function learnAll(findings: readonly Finding[], mask: SecretMask): void {
  for (const finding of findings)
    for (const exchange of finding.timeline?.exchanges ?? []) {
      mask.learn(exchange.request?.headers);
      mask.learn(exchange.answer?.headers);
    }
}

function maskedMessage<M extends ExchangeMessage>(message: M, mask: SecretMask): M {
  return {
    ...message,
    headers: mask.headers(message.headers),
    ...(message.body !== undefined ? { body: mask.text(message.body) } : {}),
  };
}

function maskedExchange(exchange: ExchangeRecord, mask: SecretMask): ExchangeRecord {
  const { request, answer } = exchange;
  return {
    ...exchange,
    label: mask.text(exchange.label),
    outcome: mask.text(exchange.outcome),
    ...(request !== undefined
      ? { request: { ...maskedMessage(request, mask), url: mask.text(request.url) } }
      : {}),
    ...(answer !== undefined ? { answer: maskedMessage(answer, mask) } : {}),
  };
}

/** One finding with its secrets masked (the texts, the timeline, the curl command). */
function maskedFinding(finding: Finding, mask: SecretMask): Finding {
  const { details, timeline, curl } = finding;
  return {
    ...finding,
    id: mask.text(finding.id),
    title: mask.text(finding.title),
    summary: mask.text(finding.summary),
    ...(details !== undefined ? { details: details.map((detail) => mask.text(detail)) } : {}),
    ...(timeline !== undefined
      ? {
          timeline: {
            ...timeline,
            exchanges: timeline.exchanges.map((exchange) => maskedExchange(exchange, mask)),
          },
        }
      : {}),
    ...(curl !== undefined ? { curl: mask.text(curl) } : {}),
  };
}

/**
 * The report with every secret masked as `mask` says (secret headers by name, every known secret
 * value wherever it appears, credentials in URLs): its subject, each finding's texts, its
 * timeline's requests and answers (headers, bodies, URLs), its curl command. The secret headers'
 * values in the timelines are learned first, so an answer that echoes a token is masked in the
 * summary that quotes it too. Masking a masked report again changes nothing.
 *
 * @example
 * const shown = maskReport(report, new SecretMask({ values: [process.env.CI_TOKEN!] }));
 */
export function maskReport(report: Report, mask: SecretMask): Report {
  learnAll(report.findings, mask);
  return {
    ...report,
    subject: mask.text(report.subject),
    findings: report.findings.map((finding) => maskedFinding(finding, mask)),
    ...(report.incomplete !== undefined ? { incomplete: mask.text(report.incomplete) } : {}),
  };
}

/**
 * Findings with their secrets masked, as {@link maskReport} masks a report's: for findings that
 * leave the kit another way (published to a Pact Broker).
 */
export function maskFindings(findings: readonly Finding[], mask: SecretMask): Finding[] {
  learnAll(findings, mask);
  return findings.map((finding) => maskedFinding(finding, mask));
}
