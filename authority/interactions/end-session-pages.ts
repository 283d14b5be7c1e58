// The end-session pages, in bokmål and English like HelseID's (language from `ui_locales`, else the
// browser's Accept-Language; bokmål by default). With a valid `id_token_hint` the logout goes
// through without a question, as HelseID's does: the page submits itself (a person with script
// turned off gets one button). With only `client_id` (allowed instead of the hint) the authority
// cannot tell that the request comes from the session's own app, so it asks once — our assumption,
// Duende IdentityServer's (HelseID's base) default. Then oidc-provider redirects to the registered
// `post_logout_redirect_uri` with `state`, or shows the "logged out" page.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml } from '../http/escape-html.ts';

type Lang = 'nb' | 'en';

const TEXT = {
  nb: {
    title: 'Logg ut',
    leaving: 'Du logges ut av HelseID …',
    ask: 'Vil du logge ut av HelseID?',
    yes: 'Ja, logg meg ut',
    no: 'Nei, forbli innlogget',
    doneTitle: 'Du er logget ut',
    done: 'Du er nå logget ut av HelseID. Du kan lukke dette vinduet.',
  },
  en: {
    title: 'Log out',
    leaving: 'Logging you out of HelseID …',
    ask: 'Do you want to log out of HelseID?',
    yes: 'Yes, log me out',
    no: 'No, stay logged in',
    doneTitle: 'You are logged out',
    done: 'You are now logged out of HelseID. You can close this window.',
  },
} as const;

function pick(tag: string | undefined): Lang | undefined {
  const t = (tag ?? '').trim().toLowerCase();
  if (/^(nb|no|nn)\b/.test(t)) return 'nb';
  if (/^en\b/.test(t)) return 'en';
  return undefined;
}

/** `ui_locales` (space-separated, in order) wins over Accept-Language; bokmål otherwise. */
export function endSessionLanguage(uiLocales: unknown, acceptLanguage: string | undefined): Lang {
  for (const tag of typeof uiLocales === 'string' ? uiLocales.split(' ') : []) {
    const lang = pick(tag);
    if (lang) return lang;
  }
  for (const part of (acceptLanguage ?? '').split(',')) {
    const lang = pick(part.split(';')[0]);
    if (lang) return lang;
  }
  return 'nb';
}

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>HelseID: ${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1b2a3a}button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0}</style>
</head><body>${body}</body></html>`;
}

/** `features.rpInitiatedLogout.logoutSource`: `form` is oidc-provider's form with the xsrf field. */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const lang = endSessionLanguage(ctx.oidc.params?.ui_locales, ctx.get('accept-language'));
  const t = TEXT[lang];
  ctx.set('Content-Type', 'text/html; charset=utf-8');
  const formWithLogout = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
  if (ctx.oidc.params?.id_token_hint) {
    // no question when the ID token proves the app: the form goes at once
    ctx.body = page(
      lang,
      t.title,
      `<h1>${t.title}</h1><p data-state="logging-out">${t.leaving}</p>${formWithLogout}
<noscript><button type="submit" form="op.logoutForm">${t.yes}</button></noscript>
<script>document.getElementById('op.logoutForm').submit()</script>`,
    );
    return;
  }
  ctx.body = page(
    lang,
    t.title,
    `<h1>${t.title}</h1><p data-state="confirm-logout">${t.ask}</p>${form}
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">${t.yes}</button>
<button type="submit" form="op.logoutForm">${t.no}</button>`,
  );
}

/** `features.rpInitiatedLogout.postLogoutSuccessSource`: no post_logout_redirect_uri was given. */
export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  const lang = endSessionLanguage(undefined, ctx.get('accept-language'));
  const t = TEXT[lang];
  ctx.set('Content-Type', 'text/html; charset=utf-8');
  ctx.body = page(lang, t.doneTitle, `<h1>${t.doneTitle}</h1><p data-state="logged-out">${t.done}</p>`);
}
