// How a session ends at HelseID once it has been dropped from memory: its refresh token revoked in
// the background (a hanging endpoint must not hold up a logout; quitting waits for them), and
// HelseID's SSO session ended in the system browser, which holds its cookie (end-session-page.ts).
import type { HelseIdConfig } from '../config/config-schema.ts';
import type { BrowserBinding, PendingBinding } from './browser-binding.ts';
import { startEndSessionPage, type PageLanguage } from './end-session-page.ts';
import type { Scheduler } from './scheduler.ts';
import { revokeRefreshToken, type HelseIdSession } from './session.ts';

/** how long the browser's end-session tab waits after a card removal, so the window updates first */
const BROWSER_AFTER_WINDOW_MS = 250;

export interface SessionEndingDeps {
  readonly config: HelseIdConfig;
  /** the bounded fetch of the client (every request has a time-out) */
  readonly fetch: typeof fetch;
  readonly openExternal: (url: string) => Promise<void>;
  readonly scheduler: Scheduler;
  readonly log: (line: string) => void;
  /** only the browser that did the login gets the end-session form (browser-binding.ts) */
  readonly binding: BrowserBinding;
}

export interface SessionEnding {
  /** revokes in the background; settled() waits for every revocation still running */
  revokeLater(session: HelseIdSession, refreshToken: string | undefined): void;
  /** logout: the browser ends HelseID's session now (the ID token is forgotten here at once) */
  endInBrowser(session: HelseIdSession, language: PageLanguage): Promise<void>;
  /**
   * card removal: the window first, then the browser; without a browser, a request from here (which
   * lacks the cookie, so it is only the fallback — prompt=login on the next PAR covers the next login)
   */
  endInBrowserAfterWindow(session: HelseIdSession, language: PageLanguage): void;
  settled(): Promise<void>;
}

interface EndSessionForm {
  readonly endpoint: string;
  readonly body: URLSearchParams;
  /** the session's own login browser (a refused login's) is admitted besides the bound one */
  readonly pending?: PendingBinding;
}

export function createSessionEnding(deps: SessionEndingDeps): SessionEnding {
  const { config, log } = deps;
  const revocations = new Set<Promise<unknown>>();

  // The ID token carries the national id number: it goes to HelseID in a POST body, never in a URL
  // (browser history, proxy logs). end-session-page.ts explains the loopback page.
  const takeEndSessionForm = (s: HelseIdSession): EndSessionForm | undefined => {
    const endpoint = s.oidc.serverMetadata().end_session_endpoint;
    const idToken = s.idToken;
    s.idToken = undefined;
    if (!idToken || !endpoint) return undefined;
    return {
      endpoint,
      body: new URLSearchParams({ id_token_hint: idToken, client_id: config.client.client_id }),
      ...(s.browserBinding ? { pending: s.browserBinding } : {}),
    };
  };

  const endSessionFromHere = async (form: EndSessionForm) => {
    await deps
      .fetch(form.endpoint, { method: 'POST', body: form.body, redirect: 'manual', signal: AbortSignal.timeout(3_000) })
      .then((r) => r.body?.cancel())
      .catch(() => log('silent end-session request failed'));
  };

  /** Opens our loopback end-session page in the system browser; `fallback` when that cannot be done. */
  const openInBrowser = async (form: EndSessionForm, language: PageLanguage, fallback?: () => Promise<void>) => {
    const page = await startEndSessionPage({
      endSessionEndpoint: form.endpoint,
      idToken: form.body.get('id_token_hint')!,
      clientId: config.client.client_id,
      language,
      log,
      binding: deps.binding,
      ...(form.pending ? { pending: form.pending } : {}),
    }).catch(() => undefined);
    if (!page) {
      log('could not start the end-session page');
      return fallback?.();
    }
    // not awaited: the window says why the session ended at once; the browser tab follows on its own
    void deps.openExternal(page.url).catch(() => {
      log('could not open the end-session page');
      page.close();
      void fallback?.();
    });
  };

  return {
    revokeLater(s, refreshToken) {
      const running = revokeRefreshToken(s, refreshToken, log).finally(() => revocations.delete(running));
      revocations.add(running);
    },
    async endInBrowser(s, language) {
      const form = takeEndSessionForm(s);
      if (form) await openInBrowser(form, language);
    },
    endInBrowserAfterWindow(s, language) {
      const form = takeEndSessionForm(s);
      // The window saying why the session ended comes first: starting a browser takes the machine
      // for a moment, and the person at the screen should not wait for it.
      if (form)
        deps.scheduler.setTimeout(
          () => void openInBrowser(form, language, () => endSessionFromHere(form)),
          BROWSER_AFTER_WINDOW_MS,
        );
    },
    settled: () => Promise.allSettled([...revocations]).then(() => undefined),
  };
}
