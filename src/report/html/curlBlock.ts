import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';

/**
 * A curl command that sends a failing check's request again, in a `<pre>` with a copy button (the
 * page script copies with `navigator.clipboard`, or selects the text when it cannot).
 */
export function curlBlock(curl: string, id: string): string {
  const head = element(
    'div',
    { class: 'curl-head' },
    element('span', {}, 'Send the same request again:') +
      element('button', { type: 'button', class: 'copy', 'data-for': id }, 'copy'),
  );
  return element(
    'div',
    { class: 'curl' },
    head + element('pre', { class: 'curl-command', id }, escapeHtml(curl)),
  );
}
