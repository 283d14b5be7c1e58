// A page the person must act on in the browser — a login's authorize URL, Selvbetjening's set-up
// confirmation page — goes to the browser through a one-time loopback page (hand-off-page.ts), never
// on the browser's command line. There every user of the machine could read it: whoever loads a PAR
// request_uri first has the login page (the person's browser then finds it used up; on the embedded
// authority the browser that reaches the card page last is the one the card's signature logs in, so a
// racer loading it just after the browser would receive HelseID's session and the binding cookie when
// the person signs), and whoever loads the confirmation page first may refuse (or, with an Altinn
// role, confirm) the draft.
// - A browser is bound and has proven it keeps the binding (browser-binding.ts): only it gets the
//   redirect. A racer gets an empty page, and the login goes on as if it never happened.
// - None is (the first login on a machine or for a week, a browser that drops cookies): the first
//   browser to ask gets it, and a second one stops the login as `browser-page-taken` — the browser
//   the OS started always asks, so a racer that came first is found out before the person has
//   signed anything, unless the browser takes longer to show up than the person takes to type the PIN.
// - A refused browser that never gives way to the bound one is the person's own browser that lost
//   the binding (cleared cookies): the page tells them to cancel and log in again, and that next
//   login does not rely on the binding (helseid-client.ts).
import { AppError } from '../../shared/errors/app-error.ts';
import type { BrowserBinding } from './browser-binding.ts';
import { startHandOffPage, type PageLanguage } from './hand-off-page.ts';

export interface BrowserLaunch {
  /** what the system browser is given: http://127.0.0.1:<port>/hand-off/<random> */
  readonly url: string;
  /** rejects with browser-page-taken when a second browser asked for the page; never resolves */
  readonly taken: Promise<never>;
  /**
   * once the login is over: who got the page ('bound': the browser with the binding, so the cookie
   * this login's callback sets lands in a browser known to keep cookies), or that only browsers
   * without the binding asked ('refused-only': the next login may not rely on it)
   */
  outcome(): 'bound' | 'first' | 'refused-only' | 'untouched';
  close(): void;
}

export interface LaunchOptions {
  readonly binding: BrowserBinding;
  /** where the browser is sent: the authorize URL, the confirmation page */
  readonly location: string;
  readonly language: PageLanguage;
  /** hand it to the first browser that asks when none is recognised */
  readonly firstBrowser: boolean;
  /** as long as the login waits */
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  /** names the page in log lines ('login', 'set-up confirmation') */
  readonly purpose?: string;
}

const NOT_RECOGNISED = {
  nb: {
    title: 'Nettleseren ble ikke gjenkjent',
    text: 'HelseID Desktop kjenner ikke igjen denne nettleseren, så siden åpnes ikke her. Er dette nettleseren du bruker: gå tilbake til HelseID Desktop, trykk «Avbryt» og start på nytt – da åpnes siden i denne nettleseren.',
  },
  en: {
    title: 'The browser was not recognised',
    text: 'HelseID Desktop does not recognise this browser, so the page does not open here. If this is the browser you use: return to HelseID Desktop, press “Cancel” and start again – the page then opens in this browser.',
  },
} as const;

export async function launchThroughHandOff(options: LaunchOptions): Promise<BrowserLaunch> {
  const purpose = options.purpose ?? 'login';
  let reject!: (err: AppError) => void;
  const taken = new Promise<never>((_, r) => (reject = r));
  taken.catch(() => {}); // raced by the caller; a rejection after the login ended goes nowhere
  const page = await startHandOffPage({
    binding: options.binding,
    admit: options.firstBrowser ? 'first-browser' : 'bound',
    language: options.language,
    purpose,
    log: options.log,
    timeoutMs: options.timeoutMs,
    refused: NOT_RECOGNISED[options.language],
    content: () => ({ kind: 'redirect', location: options.location }),
    onContested: () =>
      reject(
        new AppError('browser-page-taken', {
          retriable: true,
          detail: {
            page: purpose,
            problem:
              'two browsers asked for the one-time page on 127.0.0.1 that hands the address to the system browser; ' +
              'another program on this computer read it from the command line',
          },
        }),
      ),
  });
  return {
    url: page.url,
    taken,
    outcome: () => page.recipient() ?? (page.refusals() > 0 ? 'refused-only' : 'untouched'),
    close: page.close,
  };
}
