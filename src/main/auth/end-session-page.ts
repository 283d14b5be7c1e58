// Ending the HelseID session from the system browser without putting the ID token in a URL or in
// another user's hands.
//
// `buildEndSessionUrl(id_token_hint)` puts the whole ID token — with the national id number — in the
// browser's address bar and history, and on its command line where every user of the machine can
// read it. Instead the browser gets a one-time page of our own on 127.0.0.1 (hand-off-page.ts: its
// URL carries only a random path, and it serves only the browser that did the login), which POSTs
// the end-session form to HelseID: the ID token travels in the request body only. HelseID ends its
// session (the browser's cookie comes along) and sends the browser to our own "you are logged out –
// you can close the tab" page, which closes its tab where the browser allows it. The page forgets the
// token once served, and closes after the logged-out page or a deadline, whichever comes first.
import { randomBytes } from 'node:crypto';
import type { BrowserBinding, PendingBinding } from './browser-binding.ts';
import { startHandOffPage, type PageLanguage } from './hand-off-page.ts';

export type { PageLanguage };

export interface EndSessionPageOptions {
  readonly endSessionEndpoint: string;
  readonly idToken: string;
  readonly clientId: string;
  readonly language: PageLanguage;
  readonly binding: BrowserBinding;
  /** the session being ended was never accepted (a refused login): its own browser may have it */
  readonly pending?: PendingBinding;
  /** how long the page waits for the browser (and HelseID's redirect back) */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface EndSessionPage {
  /** http://127.0.0.1:<port>/hand-off/<random>: open this in the system browser */
  readonly url: string;
  /** resolves when the logged-out page was shown, or the deadline passed */
  readonly done: Promise<'logged-out' | 'timeout'>;
  close(): void;
}

/** The path of the post-logout redirect; registered with HelseID as http://127.0.0.1/logged-out (any port). */
export const LOGGED_OUT_PATH = '/logged-out';

const TEXT = {
  nb: {
    title: 'Logger ut',
    leaving: 'Du logges ut av HelseID …',
    button: 'Logg ut av HelseID',
    doneTitle: 'Du er logget ut',
    done: 'Du er logget ut – du kan lukke fanen.',
  },
  en: {
    title: 'Logging out',
    leaving: 'Logging you out of HelseID …',
    button: 'Log out of HelseID',
    doneTitle: 'You are logged out',
    done: 'You are logged out – you can close this tab.',
  },
} as const;

export async function startEndSessionPage(options: EndSessionPageOptions): Promise<EndSessionPage> {
  const log = options.log ?? (() => {});
  const t = TEXT[options.language];
  const state = randomBytes(16).toString('hex');
  let settle!: (outcome: 'logged-out' | 'timeout') => void;
  const done = new Promise<'logged-out' | 'timeout'>((resolve) => (settle = resolve));
  // the logged-out page closes the hand-off page; a request can only come once it is listening
  let closePage = () => {};
  const handOff = await startHandOffPage({
    binding: options.binding,
    ...(options.pending ? { pending: options.pending } : {}),
    language: options.language,
    purpose: 'end-session',
    log,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    content: (origin) => ({
      kind: 'post-form',
      action: options.endSessionEndpoint,
      fields: {
        id_token_hint: options.idToken,
        client_id: options.clientId,
        post_logout_redirect_uri: `${origin}${LOGGED_OUT_PATH}`,
        state,
        ui_locales: options.language,
      },
      title: t.title,
      text: t.leaving,
      button: t.button,
    }),
    route: (url, respond) => {
      if (url.pathname !== LOGGED_OUT_PATH || url.searchParams.get('state') !== state) return false;
      // the tab closes itself where the browser allows (hand-off-page.ts: its only history entry);
      // elsewhere the words say it may be closed
      respond(200, t.doneTitle, `<p data-state="logged-out">${t.done}</p>`, { closeTab: true });
      log('end-session: HelseID sent the browser back; logged out');
      settle('logged-out');
      closePage();
      return true;
    },
  });
  closePage = () => handOff.close();
  void handOff.delivered.then((outcome) => outcome === 'timeout' && settle('timeout'));
  return { url: handOff.url, done, close: closePage };
}
