const REDIRECT_SEGMENT = '__redirect-target';

/**
 * The URLs of a scenario session: the catalog's base URL, one URL per scenario below it, and the
 * redirect targets (a path of the same server that a conforming sender never requests).
 */
export class SessionUrls {
  #base: URL;

  constructor(baseUrl: string) {
    this.#base = new URL(baseUrl);
  }

  get url(): string {
    return this.#base.href;
  }

  /** Moves to another origin (a socket whose port is known late). */
  set(baseUrl: string): void {
    this.#base = new URL(baseUrl);
  }

  get #path(): string {
    return this.#base.pathname.replace(/\/+$/, '');
  }

  /** True for the base URL and every path below it, on the same origin. */
  serves(url: URL): boolean {
    const path = this.#path;
    return (
      url.origin === this.#base.origin &&
      (url.pathname === path ||
        url.pathname.startsWith(`${path}/`) ||
        (path === '' && url.pathname === '/'))
    );
  }

  urlFor(id: string): string {
    return `${this.#base.origin}${this.#path}/${encodeURIComponent(id)}`;
  }

  /** The scenario a URL names (`<base>/<id>`), or '' for the base URL itself. */
  scenarioIdOf(url: URL): string {
    return this.serves(url) ? decodeURIComponent(url.pathname.slice(this.#path.length + 1)) : '';
  }

  redirectLocation(id: string): string {
    return new URL(`${this.#path}/${REDIRECT_SEGMENT}/${encodeURIComponent(id)}`, this.#base).href;
  }

  /** The scenario whose redirect target a URL is, if it is one. */
  redirectTargetOf(url: URL): string | undefined {
    const prefix = `${this.#path}/${REDIRECT_SEGMENT}/`;
    return url.origin === this.#base.origin && url.pathname.startsWith(prefix)
      ? decodeURIComponent(url.pathname.slice(prefix.length))
      : undefined;
  }
}
