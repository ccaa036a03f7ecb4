import { is2xx, type Exchange } from './Exchange.js';

/** An answer that is an HTML page: its title, when it has one, and what makes two answers one page. */
export interface HtmlPage {
  readonly title?: string;
  /** Equal for two answers that are the same page (the same title; else the same text, tokens aside). */
  readonly sameAs: string;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  middot: '·',
  ndash: '–',
  mdash: '—',
};

/** Text of an HTML title: entities decoded, white space collapsed. */
function titleText(raw: string): string {
  return raw
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&([a-z]+);/gi, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The answer as an HTML page, when it is one: `text/html` and a document (a doctype, `<html>`,
 * `<head>`, `<body>` or `<title>`), not a short text such as "OK" that a framework sends as
 * `text/html`. Pages that differ only by per-request tokens (a CSRF token, a SAML request, a nonce)
 * are the same page.
 */
export function htmlPageOf(e: Exchange): HtmlPage | undefined {
  if (e.status === undefined || !/^\s*text\/html\b/i.test(e.headers?.['content-type'] ?? ''))
    return undefined;
  const body = e.body ?? '';
  if (!/<(?:!doctype\s+html|html|head|body|title)\b/i.test(body)) return undefined;
  const raw = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const title = raw !== undefined ? titleText(raw) : '';
  if (title !== '') return { title, sameAs: `title ${title}` };
  const text = body.replace(/[A-Za-z0-9+/=_-]{16,}/g, '…').replace(/\s+/g, ' ');
  return { sameAs: `text ${text}` };
}

/** The one HTML page every answer was, with the same 2xx status; undefined when they differ. */
export function sameHtmlPage(
  answers: readonly Exchange[],
): { readonly page: HtmlPage; readonly first: Exchange } | undefined {
  const first = answers[0];
  if (first === undefined || !is2xx(first)) return undefined;
  const page = htmlPageOf(first);
  if (page === undefined) return undefined;
  const same = answers.every(
    (e) => e.status === first.status && htmlPageOf(e)?.sameAs === page.sameAs,
  );
  return same ? { page, first } : undefined;
}
