/**
 * One generated request of `check-receiver --explore`: the body as sent, the ETag it goes with, and
 * what makes it what it is, in words a finding quotes (`GSW_CAMPAIGN_NAME "Ā"`, `missing
 * GSW_CALL_RESULT`, `truncated after 12 of 903 bytes`).
 */
export interface Probe {
  readonly body: string;
  readonly etag: string;
  readonly what: string;
}
