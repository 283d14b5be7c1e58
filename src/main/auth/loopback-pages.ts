// The pages the loopback listener shows in the system browser. Static text only: nothing from the
// request (code, state, error_description) is ever echoed back, so a page can leak nothing and
// cannot be used for script injection. The one script, allowed by its hash, closes the tab.
import { createHash } from 'node:crypto';

/**
 * A page may close its own tab only if a script opened it or its tab has one history entry (HTML
 * Standard, "script-closable"; MDN Window.close): a tab the OS opened and nobody navigated — a login
 * that went through redirects and the card page's refresh (which replaces the entry) without a click.
 * Where the browser refuses, nothing happens and the page's words say the tab may be closed.
 */
export const CLOSE_TAB_SCRIPT = 'window.close();';
export const CLOSE_TAB_SCRIPT_HASH = `'sha256-${createHash('sha256').update(CLOSE_TAB_SCRIPT).digest('base64')}'`;
const CLOSING = `<script>${CLOSE_TAB_SCRIPT}</script>`;

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}h1{font-size:1.4rem}p.en{color:#555}';

/** Both languages: for the command line, which may not know the person's. */
const page = (title: string, nb: string, en: string, closeTab = false) => `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title>
<style>${STYLE}</style></head>
<body><h1>${title}</h1><p>${nb}</p><p class="en" lang="en">${en}</p>${closeTab ? CLOSING : ''}</body></html>`;

/** One language: the app knows the person's (their preference). */
const onePage = (language: 'nb' | 'en', heading: string, text: string, closeTab = false) => `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${heading} – HelseID Desktop</title>
<style>${STYLE}</style></head>
<body><h1>${heading}</h1><p>${text}</p>${closeTab ? CLOSING : ''}</body></html>`;

export interface LoopbackPages {
  readonly success: string;
  readonly failed: string;
  readonly unknown: string;
}

/** The loopback pages in the person's language (undefined: both, as the command line shows them). */
export function loopbackPages(language?: 'nb' | 'en'): LoopbackPages {
  if (language === 'nb') {
    return {
      success: onePage(
        'nb',
        'Du er logget inn',
        'Innloggingen er fullført – du kan lukke fanen og gå tilbake til HelseID Desktop.',
        true,
      ),
      failed: onePage(
        'nb',
        'Innloggingen ble ikke fullført',
        'Du kan lukke fanen; HelseID Desktop viser hva som gikk galt.',
        true,
      ),
      unknown: onePage(
        'nb',
        'HelseID Desktop',
        'Denne adressen hører ikke til en pågående innlogging. Lukk fanen og start innloggingen fra programmet.',
      ),
    };
  }
  if (language === 'en') {
    return {
      success: onePage(
        'en',
        'You are logged in',
        'The login is complete – you can close this tab and return to HelseID Desktop.',
        true,
      ),
      failed: onePage(
        'en',
        'The login did not complete',
        'You can close this tab; HelseID Desktop shows what went wrong.',
        true,
      ),
      unknown: onePage(
        'en',
        'HelseID Desktop',
        'This address does not belong to a login in progress. Close the tab and start the login from the application.',
      ),
    };
  }
  return { success: SUCCESS_PAGE, failed: LOGIN_FAILED_PAGE, unknown: UNKNOWN_REQUEST_PAGE };
}

export const SUCCESS_PAGE = page(
  'HelseID Desktop',
  'Innloggingen er fullført. Du kan lukke denne fanen og gå tilbake til HelseID Desktop.',
  'The login is complete. You can close this tab and return to HelseID Desktop.',
  true,
);

export const LOGIN_FAILED_PAGE = page(
  'HelseID Desktop',
  'Innloggingen ble ikke fullført. Lukk denne fanen; HelseID Desktop viser hva som gikk galt.',
  'The login did not complete. Close this tab; HelseID Desktop shows what went wrong.',
  true,
);

export const UNKNOWN_REQUEST_PAGE = page(
  'HelseID Desktop',
  'Denne adressen hører ikke til en pågående innlogging. Lukk fanen og start innloggingen fra programmet.',
  'This address does not belong to a login in progress. Close the tab and start the login from the application.',
);

/** Headers for every answer: nothing cached, no referrer carrying the code, no script but the tab closer, no framing. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${CLOSE_TAB_SCRIPT_HASH}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  Connection: 'close',
} as const;
