// The one statement of "loopback" for URLs: http is allowed only on this machine (the embedded
// environment, a vendor's API beside the app); everything else must be https. The configuration's
// rules, discovery (openid-client's allowInsecureRequests) and the shell's URL policy all ask here.
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** http on a loopback address */
export function isLoopbackHttp(url: string | URL): boolean {
  const parsed = typeof url === 'string' ? URL.parse(url) : url;
  return parsed !== null && parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
}

/** https, or http on a loopback address: what a service URL may be */
export function isHttpsOrLoopbackHttp(url: string | URL): boolean {
  const parsed = typeof url === 'string' ? URL.parse(url) : url;
  return parsed !== null && (parsed.protocol === 'https:' || isLoopbackHttp(parsed));
}
