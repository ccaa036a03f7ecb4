/**
 * Text as HTML that shows it and nothing more, in element content and in double- or single-quoted
 * attribute values alike: the five characters markup is made of become character references.
 * Everything a report carries from the network (bodies, headers, URLs) goes through here.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
