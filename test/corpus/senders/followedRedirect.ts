/**
 * The summary of a followed redirect: the request for the redirect target, and the client's own
 * redirect following when the judge can name it (from its default User-Agent, or in-process from
 * node:http). Shared by the socket corpus and the in-process one.
 */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `base` is a pattern for the session's URL up to the path (e.g. `http://127\.0\.0\.1:\d+/cpn`). */
export function followedRedirect(base: string, mechanism?: string): RegExp {
  const named = mechanism === undefined ? '' : `${literal(mechanism)}; `;
  return new RegExp(
    `^followed the redirect: (GET|POST) ${base}/__redirect-target/redirect-30\\d ` +
      `\\(${named}redirects must never be followed\\)$`,
  );
}
