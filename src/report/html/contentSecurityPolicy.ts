import { createHash } from 'node:crypto';

const sha256 = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The page's Content-Security-Policy (in a `<meta>`): nothing may be loaded from anywhere, and the
 * only script and style that run are the page's own, named by their hashes. Report text is escaped
 * already; this is the second lock: markup that slipped through could neither run a script (an
 * injected `<script>` or `onerror=` has no allowed hash) nor fetch anything.
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
