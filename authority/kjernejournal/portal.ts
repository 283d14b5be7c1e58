// The emulated Kjernejournal portal: `<portal_url>/hentpasient.html?code=…&ehr_code_verifier=…` (NHN's
// reference client; Tillitsrammeverk's diagram names the code `otc`, both are taken) redeems the
// one-time code with the PKCE verifier, binds the session to this browser with a cookie and sends it
// to the patient's page, which shows who opened which patient — and "Sesjonen er avsluttet" once
// the session is ended or expired, so a test sees both. Each opened patient has its own page
// address (and cookie): a tab of an earlier patient refuses once that session is over.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../http/escape-html.ts';
import type { InnloggingSession, InnloggingSessions } from './sessions.ts';

export const PORTAL_PATH = '/hpp-webapp';
const COOKIE = 'kj_portal';

const BASIS_WORDS: Readonly<Record<string, string>> = { SAMTYKKE: 'Samtykke', AKUTT: 'Akutt', UNNTAK: 'Unntak' };

function page(res: ServerResponse, status: number, state: string, title: string, body: string, headers = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(`<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Kjernejournal (emulert)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}dt{font-weight:600}</style>
</head><body><main data-state="${state}"><p>Kjernejournal (emulert)</p><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function patientPage(res: ServerResponse, session: InnloggingSession): void {
  const p = session.practitioner;
  page(
    res,
    200,
    'patient-open',
    'Pasient',
    `<dl>
<dt>Helsepersonell</dt><dd data-testid="practitioner">${escapeHtml(p.name)}${p.hprNumber ? ` (HPR ${escapeHtml(p.hprNumber)})` : ''}</dd>
<dt>Autorisasjon</dt><dd>${escapeHtml(session.authorization)}</dd>
<dt>Pasient</dt><dd data-testid="patient">${escapeHtml(session.patient.id)}</dd>
<dt>Grunnlag</dt><dd>${escapeHtml(BASIS_WORDS[session.basis] ?? session.basis)}</dd>
</dl>`,
  );
}

const ended = (res: ServerResponse) =>
  page(res, 410, 'session-ended', 'Sesjonen er avsluttet', '<p>Åpne pasienten på nytt fra journalsystemet.</p>');

export function kjernejournalPortal(sessions: InnloggingSessions, log: (line: string) => void) {
  const refuse = (res: ServerResponse, why: string) => {
    log(`kjernejournal portal refused a launch: ${why}`);
    page(res, 400, 'launch-refused', 'Kan ikke åpne pasienten', `<p>${escapeHtml(why)}</p>`);
  };

  return (req: IncomingMessage, res: ServerResponse, base: string): void => {
    const url = new URL(req.url ?? '/', base);
    if (req.method !== 'GET') return page(res, 405, 'refused', 'Ikke tillatt', '');
    if (url.pathname === `${PORTAL_PATH}/hentpasient.html`) {
      const code = url.searchParams.get('code') ?? url.searchParams.get('otc');
      const verifier = url.searchParams.get('ehr_code_verifier');
      const session = code ? sessions.byCode(code) : undefined;
      if (!session) return refuse(res, 'Ukjent kode (code).');
      if (session.codeUsed) return refuse(res, 'Koden er allerede brukt.');
      if (sessions.codeExpired(session)) return refuse(res, 'Koden er utløpt.');
      // a wrong verifier uses the code up: nobody may try again with it
      if (!verifier || !sessions.verifierMatches(session, verifier)) {
        session.codeUsed = true;
        return refuse(res, 'ehr_code_verifier stemmer ikke med ehr_code_challenge.');
      }
      session.codeUsed = true;
      if (sessions.status(session) !== 'active') return ended(res);
      const ref = randomBytes(12).toString('base64url');
      session.portalCookie = `${ref}.${randomBytes(24).toString('base64url')}`;
      const path = `${PORTAL_PATH}/pasient/${ref}`;
      log('kjernejournal portal: a browser opened a patient');
      res.writeHead(303, {
        Location: path,
        'Set-Cookie': `${COOKIE}_${ref}=${session.portalCookie}; Path=${path}; HttpOnly; SameSite=Lax`,
        'Cache-Control': 'no-store',
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    const patient = new RegExp(`^${PORTAL_PATH}/pasient/([A-Za-z0-9_-]{16})$`).exec(url.pathname);
    if (patient) {
      const cookie = cookieValue(req, `${COOKIE}_${patient[1]}`);
      const session = cookie ? sessions.byPortalCookie(cookie) : undefined;
      if (!session)
        return page(res, 403, 'no-session', 'Ingen tilgang', '<p>Denne nettleseren har ikke åpnet pasienten.</p>');
      return sessions.status(session) === 'active' ? patientPage(res, session) : ended(res);
    }
    page(res, 404, 'not-found', 'Fant ikke siden', '');
  };
}
