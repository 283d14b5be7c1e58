// shell.openExternal hands a URL to the OS, which will run whatever handler is registered for its
// scheme; so main opens only three kinds of URL: pages of the configured authority (the
// authorization URL the session built), the app's own loopback end-session page, and exact https
// links the app itself made (help pages, say). Everything else is refused and logged by the caller.

import { isHttpsOrLoopbackHttp } from '../config/loopback-url.ts';

export function createExternalUrlPolicy(authority: string, appLinks: readonly string[] = []): (url: string) => boolean {
  const authorityUrl = new URL(authority);
  const exact = new Set(appLinks.map((link) => new URL(link).href));
  return (url) => {
    const parsed = URL.parse(url);
    if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
    if (parsed.origin === authorityUrl.origin) {
      // http only for the embedded authority on this machine
      return isHttpsOrLoopbackHttp(parsed);
    }
    // the app's own one-time hand-off page on this machine (hand-off-page.ts): a random path, nothing in it
    if (
      parsed.protocol === 'http:' &&
      parsed.hostname === '127.0.0.1' &&
      /^\/hand-off\/[0-9a-f]{32}$/.test(parsed.pathname) &&
      parsed.search === ''
    )
      return true;
    return parsed.protocol === 'https:' && exact.has(parsed.href);
  };
}

/**
 * While the workstation is being set up: the authority as above, plus Selvbetjening's confirmation
 * page for a client draft (`<web_url>/confirm-client/<id>`; the id is only known once the draft exists).
 */
export function createSetupUrlPolicy(authority: string, confirmationPageBase: string): (url: string) => boolean {
  const base = new URL(confirmationPageBase);
  const prefix = `${base.href.replace(/\/$/, '')}/confirm-client/`;
  const secure = isHttpsOrLoopbackHttp(base);
  const authorityPolicy = createExternalUrlPolicy(authority);
  return (url) => {
    if (authorityPolicy(url)) return true;
    const parsed = URL.parse(url);
    return (
      secure &&
      !!parsed &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.href.startsWith(prefix) &&
      /^[\w.%-]+$/.test(parsed.href.slice(prefix.length))
    );
  };
}
