// The Selvbetjening portal's confirmation page (NHN: selvbetjening[.test].nhn.no/confirm-client/<id>):
// a test person "logs in" (a test national id number, prefilled) and confirms or refuses the client
// draft; the browser is then sent to the draft's postClientConfirmationRedirectUri with `?status=`:
// `Success`, `Cancelled` (the person refused) or `Failed` (the person may not act for the
// organization — NHN requires an Altinn role; the refuse-next-confirmation knob plays that).
// The non-Success values are UNCONFIRMED: NHN documents only Success ("other statuses mean no").
//
// Headless contract (authority/README.md): the form carries `data-follow-submit`, its fields are
// plain `<input name="…" value="…">`, and the confirm button is the one marked
// `data-follow-default` (`name="decision" value="confirm"`); POSTing those fields as a form follows.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../http/escape-html.ts';
import { readForm, redirect, sendHtml } from '../http/io.ts';
import { personByPid, TEST_PERSONS } from '../test-persons.ts';
import type { ClientRegistry, ProvisionedClient } from './client-registry.ts';
import type { SelvbetjeningKnobs } from './knobs.ts';

export interface ConfirmPageDeps {
  registry: ClientRegistry;
  knobs: () => SelvbetjeningKnobs;
  /** the portal's path prefix, e.g. /portal */
  basePath: string;
  log: (line: string) => void;
}

type Lang = 'nb' | 'en';

const TEXT = {
  nb: {
    title: 'Selvbetjening for HelseID (innebygd testmiljø)',
    heading: 'Bekreft ny HelseID-klient',
    intro: 'Et fagsystem ber om å bli HelseID-klient for virksomheten. Logg inn og bekreft at dette er riktig.',
    clientId: 'Klient-ID',
    org: 'Organisasjonsnummer',
    children: 'Underenheter',
    scopes: 'API-tilganger',
    redirects: 'Tillatte adresser for innlogging',
    login: 'Logg inn som testperson',
    pid: 'Fødselsnummer (testperson)',
    confirm: 'Bekreft',
    refuse: 'Avvis',
    altinn: 'Den som bekrefter må ha en rolle i Altinn for virksomheten.',
    other: 'English',
    none: 'ingen',
    unknownPerson: 'Ukjent testperson. Bruk et av testmiljøets fødselsnumre.',
    notFound: 'Fant ingen klientkladd med denne ID-en.',
    done: (state: string) => `Denne klienten er allerede ${state === 'confirmed' ? 'bekreftet' : 'avvist'}.`,
  },
  en: {
    title: 'Selvbetjening for HelseID (embedded test environment)',
    heading: 'Confirm a new HelseID client',
    intro: 'A system asks to become a HelseID client for the organization. Log in and confirm that this is right.',
    clientId: 'Client ID',
    org: 'Organization number',
    children: 'Child units',
    scopes: 'API access',
    redirects: 'Allowed login addresses',
    login: 'Log in as a test person',
    pid: 'National id number (test person)',
    confirm: 'Confirm',
    refuse: 'Refuse',
    altinn: 'The person confirming needs an Altinn role for the organization.',
    other: 'Norsk',
    none: 'none',
    unknownPerson: "Unknown test person. Use one of the test environment's national id numbers.",
    notFound: 'No client draft has this id.',
    done: (state: string) => `This client is already ${state === 'confirmed' ? 'confirmed' : 'refused'}.`,
  },
} as const;

function layout(lang: Lang, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(TEXT[lang].title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b2a3a}
dt{font-weight:600;margin-top:.5rem}.note{color:#555}.error{color:#a4001d}button{margin-right:.5rem;padding:.4rem 1rem}</style>
</head><body>${body}</body></html>`;
}

function list(items: string[], none: string): string {
  return items.length
    ? `<ul>${items.map((i) => `<li><code>${escapeHtml(i)}</code></li>`).join('')}</ul>`
    : escapeHtml(none);
}

function confirmPage(client: ProvisionedClient, lang: Lang, action: string, error?: string): string {
  const t = TEXT[lang];
  const otherLang: Lang = lang === 'nb' ? 'en' : 'nb';
  return layout(
    lang,
    `<p><a href="?lang=${otherLang}" lang="${otherLang}">${t.other}</a></p>
<h1>${t.heading}</h1><p>${t.intro}</p>
<dl><dt>${t.clientId}</dt><dd><code>${escapeHtml(client.clientId)}</code></dd>
<dt>${t.org}</dt><dd>${escapeHtml(client.organizationNumber)}</dd>
<dt>${t.children}</dt><dd>${list(client.childOrganizationNumbers, t.none)}</dd>
<dt>${t.scopes}</dt><dd>${list(client.apiScopes, t.none)}</dd>
<dt>${t.redirects}</dt><dd>${list(client.redirectUris, t.none)}</dd></dl>
${error ? `<p class="error" role="alert" data-state="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" data-follow-submit>
<h2>${t.login}</h2>
<label>${t.pid} <input name="pid" value="${escapeHtml(TEST_PERSONS[0]!.pid)}" autocomplete="off"></label>
<input type="hidden" name="lang" value="${lang}">
<p class="note">${t.altinn}</p>
<button type="submit" name="decision" value="confirm" data-follow-default>${t.confirm}</button>
<button type="submit" name="decision" value="refuse">${t.refuse}</button>
</form>`,
  );
}

function messagePage(lang: Lang, text: string): string {
  return layout(
    lang,
    `<h1>${escapeHtml(TEXT[lang].title)}</h1><p class="error" data-state="error">${escapeHtml(text)}</p>`,
  );
}

function withStatus(uri: string, status: string): string {
  const url = new URL(uri);
  url.searchParams.set('status', status);
  return url.href;
}

/** Answers a request under the portal path; returns false when the path is not a portal page. */
export async function handlePortal(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  d: ConfirmPageDeps,
): Promise<boolean> {
  const match = new RegExp(`^${d.basePath}/confirm-client/([\\w-]+)$`).exec(url.pathname);
  if (!match) return false;
  const clientId = match[1]!;
  const form = req.method === 'POST' ? await readForm(req) : undefined;
  const lang: Lang = (form?.get('lang') ?? url.searchParams.get('lang')) === 'en' ? 'en' : 'nb';
  const client = d.registry.get(clientId);
  if (!client) return (sendHtml(res, 404, messagePage(lang, TEXT[lang].notFound)), true);
  if (client.state !== 'draft') return (sendHtml(res, 409, messagePage(lang, TEXT[lang].done(client.state))), true);
  const action = `${d.basePath}/confirm-client/${client.clientId}`;
  if (!form) return (sendHtml(res, 200, confirmPage(client, lang, action)), true);

  if (form.get('decision') === 'refuse') {
    await d.registry.refuse(client.clientId);
    d.log(`selvbetjening: client draft ${client.clientId} refused by the person confirming`);
    redirect(res, withStatus(client.postClientConfirmationRedirectUri, 'Cancelled'));
    return true;
  }
  const person = personByPid((form.get('pid') ?? '').trim());
  if (!person) return (sendHtml(res, 400, confirmPage(client, lang, action, TEXT[lang].unknownPerson)), true);
  const knobs = d.knobs();
  // NHN: the person confirming must have a role in Altinn for the organization (the knob refuses anyone, once)
  const hasRole = person.altinnRoles?.includes(client.organizationNumber) === true;
  if (knobs.refuseNextConfirmation || !hasRole) {
    const why = hasRole ? ' (refuse-next-confirmation knob)' : '';
    knobs.refuseNextConfirmation = false;
    await d.registry.refuse(client.clientId);
    d.log(
      `selvbetjening: client draft ${client.clientId} NOT confirmed: ${person.givenName} ${person.familyName} has no Altinn role for organization ${client.organizationNumber}${why}`,
    );
    redirect(res, withStatus(client.postClientConfirmationRedirectUri, 'Failed'));
    return true;
  }
  const confirmed = await d.registry.confirm(client.clientId);
  d.log(
    `selvbetjening: client ${client.clientId} confirmed by test person ${person.givenName} ${person.familyName}; HelseID knows it from ${confirmed.knownAt}`,
  );
  redirect(res, withStatus(client.postClientConfirmationRedirectUri, 'Success'));
  return true;
}
