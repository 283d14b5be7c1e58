// Opening the portal in the browser that did the login, and in no other. The portal's address carries
// a one-time code and the PKCE verifier (Kjernejournal: `<portal_url>/hentpasient.html?code=…&
// ehr_code_verifier=…`, as NHN's reference client opens it): whoever loads it first opens the
// patient's record as this clinician. A URL handed to the system browser is on its command line,
// readable by every user of the machine, so the browser gets only the app's one-time loopback page
// (auth/hand-off-page.ts); that page answers the portal's address, as a 303, only to the browser
// carrying this OS user's binding cookie (auth/browser-binding.ts, set by the accepted login).
import * as oidc from 'openid-client';
import type { BrowserBinding } from '../auth/browser-binding.ts';
import { startHandOffPage, type PageLanguage } from '../auth/hand-off-page.ts';

/** A PKCE pair (S256) binding Kjernejournal's one-time code to this launch. */
export async function pkcePair(): Promise<{ readonly verifier: string; readonly challenge: string }> {
  const verifier = oidc.randomPKCECodeVerifier();
  return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier) };
}

/** `<portal_url>/hentpasient.html?code=…&ehr_code_verifier=…` */
export function kjernejournalLaunchUrl(portalUrl: string, code: string, verifier: string): string {
  const url = new URL('hentpasient.html', portalUrl.endsWith('/') ? portalUrl : `${portalUrl}/`);
  url.searchParams.set('code', code);
  url.searchParams.set('ehr_code_verifier', verifier);
  return url.href;
}

export interface LaunchOptions {
  readonly binding: BrowserBinding;
  readonly language: PageLanguage;
  /** the address with the code and verifier: it reaches only the bound browser, as a redirect */
  readonly location: string;
  readonly openExternal: (url: string) => Promise<void>;
  readonly log: (line: string) => void;
  /** how long the bound browser has to pick it up (the hand-off page's default: two minutes) */
  readonly timeoutMs?: number;
  /** the patient was closed or the login ended before the browser came: the page goes at once */
  readonly signal?: AbortSignal;
}

/** Resolves once the bound browser has been sent on ('delivered') or nobody came in time ('timeout'). */
export async function launchInBoundBrowser(options: LaunchOptions): Promise<'delivered' | 'timeout'> {
  const page = await startHandOffPage({
    binding: options.binding,
    language: options.language,
    purpose: 'portal',
    log: options.log,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    content: () => ({ kind: 'redirect', location: options.location }),
  });
  const abandon = () => page.close(); // delivered then settles as 'timeout': nobody got it
  if (options.signal?.aborted) abandon();
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    await options.openExternal(page.url);
  } catch (err) {
    page.close();
    throw err;
  }
  const outcome = await page.delivered;
  options.signal?.removeEventListener('abort', abandon);
  // a moment for the 303 to leave before the page's server goes
  setTimeout(() => page.close(), 1_000).unref?.();
  return outcome;
}
