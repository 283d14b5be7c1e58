// What the portal integration tests share: the app's HelseID client and Kjernejournal service on the
// embedded environment (strict rules), and a "system browser" with ONE cookie jar for the whole test
// — the login's callback sets the binding cookie in it, and the portal's launch comes back to it, as
// in a real browser. Each URL the app hands the browser is recorded with where the browser ended.
import { createBrowserBinding } from '../../../../src/main/auth/browser-binding.ts';
import { createHelseIdClient } from '../../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../../src/main/config/index.ts';
import { createKjernejournalPortal } from '../../../../src/main/portals/kjernejournal-portal.ts';
import { CookieBrowser, type BrowserStop } from '../../../authority/support/browser.ts';
import type { EnvironmentInfo } from '../../../../authority/environment.ts';
import type { ProvisionedCards } from '../../../../authority/cards/provision.ts';
import { cardSigner, manualScheduler } from '../../auth/support/auth-harness.ts';

/** synthetic patients: well-formed national id numbers (a real date, both check digits) */
export const PATIENT_A = '05076600343';
export const PATIENT_B = '17089012325';
export const D_NUMBER_PATIENT = '44057712330';

export interface BrowserVisit {
  readonly url: string;
  readonly stop: Promise<BrowserStop>;
}

/**
 * The clinician's browser: one cookie jar for everything it is sent to. It reloads the emulated card
 * IdP's waiting page (as its meta refresh would) until the login moves on. Opening returns at once,
 * the page goes its own way.
 */
export function clinicianBrowser() {
  const browser = new CookieBrowser();
  const visits: BrowserVisit[] = [];
  const browse = async (url: string) => {
    let stop = await browser.visit(url, 'never-a-callback:', 20);
    for (let i = 0; i < 100 && stop.body.includes('data-state="waiting-for-card"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stop = await browser.visit(stop.url, 'never-a-callback:', 20);
    }
    return stop;
  };
  const openExternal = async (url: string) => {
    const stop = browse(url);
    stop.catch(() => {});
    visits.push({ url, stop });
  };
  return { browser, visits, openExternal };
}

export const KARI_CARD = 'Buypass Kari Nordmann';
export const OLA_CARD = 'Commfides Ola Hansen';

export interface PortalClientOptions {
  /** the environment and its virtual cards: the login is a card login with this card */
  readonly card: { readonly info: EnvironmentInfo; readonly cards: ProvisionedCards; readonly label: string };
  readonly openExternal?: (url: string) => Promise<void>;
  readonly fetch?: typeof fetch;
  readonly handOffTimeoutMs?: number;
}

export function portalClient(config: HelseIdConfig, options: PortalClientOptions) {
  const browser = clinicianBrowser();
  const timers = manualScheduler();
  const log: string[] = [];
  const binding = createBrowserBinding({});
  const openExternal = options.openExternal ?? browser.openExternal;
  const helseId = createHelseIdClient({
    config,
    openExternal,
    cardAuthenticator: cardSigner(options.card.info, options.card.cards, options.card.label).authenticator,
    browserBinding: binding,
    scheduler: timers.scheduler,
    log: (line) => log.push(line),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const portal = createKjernejournalPortal({
    config,
    tokens: helseId.portals,
    hprAuthorizations: () => helseId.hprAuthorizations(),
    binding,
    openExternal,
    appVersion: '0.1.0-test',
    log: (line) => log.push(line),
    ...(options.handOffTimeoutMs === undefined ? {} : { handOffTimeoutMs: options.handOffTimeoutMs }),
  });
  const issuer = options.card.label.startsWith('Commfides') ? 'commfides' : 'buypass';
  const login = () => helseId.login({ cardIssuer: issuer });
  return { helseId, portal, browser, timers, log, binding, login };
}
