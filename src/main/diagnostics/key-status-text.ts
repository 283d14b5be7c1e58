// The key status in words, bokmål and English: `helseid-desktop key status`, `doctor` and the
// window's diagnostics report print it (where the key lives, how it is protected, kid, age, expiry,
// the renewal's state — never the key). Values (client ids, kids, paths) stay as they are so IT can
// search for them; dates are local dd.mm.yyyy hh:mm (src/shared/format-date.ts).
import { errorText, knownErrorCodes, type Language } from '../../shared/errors/error-texts.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import type { KeyStatus } from '../provisioning/key-status.ts';

export const KEY_LABELS = {
  nb: {
    client: 'Klient',
    state: 'Tilstand',
    store: 'Nøkkellager',
    protection: 'Beskyttelse',
    scope: 'Omfang',
    kid: 'Nøkkel (kid)',
    created: 'Laget',
    age: 'alder',
    expires: 'Utløper',
    unknown: 'ukjent',
    dueAt: 'Fornyes fra',
    renewed: 'Sist fornyet',
    never: 'aldri',
    lastError: 'Siste feil ved fornyelse',
    nextKey: 'Ny nøkkel under fornyelse',
    abandoned: 'Forlatte klientkladder (kan slettes i Selvbetjening)',
    none: '(ingen)',
    notSetUp: 'Maskinen er ikke satt opp ennå: kjør «helseid-desktop setup».',
    days: 'd',
    ready: 'klar',
    pending: 'venter på godkjenning fra tjenesteeier',
    apis: 'Tjenester',
    setupDone: 'Maskinen er satt opp som HelseID-klient',
    setupExisting: 'Maskinen var allerede satt opp som HelseID-klient',
    renewedNow: 'Nøkkelen er fornyet',
    notDue: 'Nøkkelen trenger ikke fornyes ennå',
    from: 'fra',
    to: 'til',
    keyExpires: 'Nøkkelen utløper',
    expired: 'UTLØPT: kjør «helseid-desktop setup --replace»',
    failures: 'mislykkede forsøk',
    claimed:
      'kladd: nettleseren meldte at den ble bekreftet, men Selvbetjening har ikke svart for den ennå – kjør «helseid-desktop setup» for å sjekke igjen',
    abandonedKeyGone:
      'Nøkkelen til en forlatt kladd er slettet. Ble kladden likevel bekreftet senere (for eksempel med «Bekreft» i en fane som sto åpen etter «Avbryt»), kan ingen bruke klienten; IT kan slette den i Selvbetjening.',
    abandonedReason: {
      cancelled: 'avbrutt',
      'refused (Cancelled)': 'avvist i Selvbetjening',
      'refused (Failed)': 'ikke godkjent av Selvbetjening (mangler rolle i Altinn?)',
      'never confirmed': 'aldri bekreftet',
      'replaced by a new set-up': 'erstattet av et nytt oppsett',
    },
    clientState: {
      draft: 'kladd, ikke bekreftet',
      confirmed: 'bekreftet, venter på at HelseID skal kjenne klienten',
      ready: 'i bruk (HelseID kjenner klienten)',
    },
    // where and how the key is kept (issue 10): the OS protection by the name IT knows it by
    protectionName: {
      file: 'fil som bare denne brukerkontoen kan lese (ingen kryptering fra operativsystemet)',
      os: 'kryptert av operativsystemet for brukeren som kjører programmet (bare HelseID Desktop kan åpne den)',
      dpapi: 'kryptert med Windows databeskyttelse (DPAPI) for denne Windows-brukeren',
      keychain: 'kryptert med en nøkkel i macOS-nøkkelringen (påloggingsnøkkelringen) til denne brukeren',
      gnome_libsecret: 'kryptert med en nøkkel i GNOME-nøkkelringen (Secret Service/libsecret) til denne brukeren',
      kwallet: 'kryptert med en nøkkel i KDE Wallet (KWallet) til denne brukeren',
      kwallet5: 'kryptert med en nøkkel i KDE Wallet 5 (KWallet) til denne brukeren',
      kwallet6: 'kryptert med en nøkkel i KDE Wallet 6 (KWallet) til denne brukeren',
      basic_text:
        'IKKE beskyttet: Electrons faste nøkkel, fordi ingen nøkkelring kjører (tillatt med provisioning.key_store.allow_basic_text)',
    },
    scopeName: { account: 'én klient per brukerkonto', installation: 'én klient for hele maskinen' },
  },
  en: {
    client: 'Client',
    state: 'State',
    store: 'Key store',
    protection: 'Protection',
    scope: 'Scope',
    kid: 'Key (kid)',
    created: 'Created',
    age: 'age',
    expires: 'Expires',
    unknown: 'unknown',
    dueAt: 'Renewed from',
    renewed: 'Last renewed',
    never: 'never',
    lastError: 'Last renewal error',
    nextKey: 'New key being renewed',
    abandoned: 'Abandoned client drafts (can be deleted in Selvbetjening)',
    none: '(none)',
    notSetUp: 'This workstation is not set up yet: run "helseid-desktop setup".',
    days: 'd',
    ready: 'ready',
    pending: 'waiting for the API owner\u2019s approval',
    apis: 'Services',
    setupDone: 'This workstation is set up as a HelseID client',
    setupExisting: 'This workstation was already set up as a HelseID client',
    renewedNow: 'The key was renewed',
    notDue: 'The key does not need renewing yet',
    from: 'from',
    to: 'to',
    keyExpires: 'The key expires',
    expired: 'EXPIRED: run "helseid-desktop setup --replace"',
    failures: 'failed attempts',
    claimed:
      'draft: the browser reported it confirmed, but Selvbetjening has not answered for it yet — run "helseid-desktop setup" to check again',
    abandonedKeyGone:
      'The key of an abandoned draft is deleted. If the draft was confirmed later all the same (say with "Confirm" in a tab left open after "Cancel"), nobody can use that client; IT can delete it in Selvbetjening.',
    abandonedReason: {
      cancelled: 'cancelled',
      'refused (Cancelled)': 'refused in Selvbetjening',
      'refused (Failed)': 'not approved by Selvbetjening (no Altinn role?)',
      'never confirmed': 'never confirmed',
      'replaced by a new set-up': 'replaced by a new set-up',
    },
    clientState: {
      draft: 'draft, not confirmed',
      confirmed: 'confirmed, waiting until HelseID knows the client',
      ready: 'in use (HelseID knows the client)',
    },
    protectionName: {
      file: 'a file only this user account can read (no encryption by the operating system)',
      os: 'encrypted by the operating system for the user running the app (only HelseID Desktop can open it)',
      dpapi: 'encrypted with Windows Data Protection (DPAPI) for this Windows user',
      keychain: 'encrypted with a key in this user\u2019s macOS Keychain (login keychain)',
      gnome_libsecret: 'encrypted with a key in this user\u2019s GNOME Keyring (Secret Service/libsecret)',
      kwallet: 'encrypted with a key in this user\u2019s KDE Wallet (KWallet)',
      kwallet5: 'encrypted with a key in this user\u2019s KDE Wallet 5 (KWallet)',
      kwallet6: 'encrypted with a key in this user\u2019s KDE Wallet 6 (KWallet)',
      basic_text:
        'NOT protected: Electron\u2019s fixed key, because no keyring is running (allowed by provisioning.key_store.allow_basic_text)',
    },
    scopeName: { account: 'one client per user account', installation: 'one client for the whole machine' },
  },
} as const;

/**
 * A word from one of the tables above, with the plain value after it so IT can search for it
 * ("… (DPAPI) for this Windows user [dpapi]"); a value the table does not know (a new key store
 * backend) as it is. `--json` keeps the plain values.
 */
export const named = (table: Readonly<Record<string, string>>, value: string): string => {
  const word = table[value];
  return word === undefined ? value : `${word} [${value}]`;
};

export function formatKeyStatus(s: KeyStatus, language: Language): string {
  const t = KEY_LABELS[language];
  const out = [
    `${t.store}: ${s.store.location}`,
    `  ${t.protection}: ${named(t.protectionName, s.store.protection)}`,
    `  ${t.scope}: ${named(t.scopeName, s.store.scope)}`,
  ];
  const c = s.client;
  if (!c) out.push(t.notSetUp);
  else {
    const state = c.successReported ? `${t.claimed} [draft]` : named(t.clientState, c.state);
    out.push(`${t.client}: ${c.clientId} (${t.state}: ${state})`);
    out.push(`${t.kid}: ${c.kid}`);
    out.push(`${t.created}: ${formatDateTime(c.createdAt)} (${t.age} ${c.ageDays} ${t.days})`);
    out.push(
      `${t.keyExpires}: ${c.expiresAt ? formatDateTime(c.expiresAt) : t.unknown}${c.expired ? ` — ${t.expired}` : ''}`,
    );
    if (c.renewFrom) out.push(`${t.dueAt}: ${formatDateTime(c.renewFrom)}`);
    out.push(`${t.renewed}: ${c.lastRenewedAt ? formatDateTime(c.lastRenewedAt) : t.never}`);
    if (c.nextKid) out.push(`${t.nextKey}: ${c.nextKid}`);
    if (c.lastRenewalError) {
      const e = c.lastRenewalError;
      out.push(
        `${t.lastError}: ${errorText(e.code, language, { step: e.step }).title} (${formatDateTime(e.at)}; ${c.renewalFailures} ${t.failures}) — ${e.code}, ${e.step}`,
      );
    }
  }
  out.push(`${t.abandoned}:`);
  out.push(
    ...(s.abandonedDrafts.length === 0
      ? [`  ${t.none}`]
      : s.abandonedDrafts.map((d) => `  ${d.clientId} — ${reasonText(d.reason, language)} (${formatDateTime(d.at)})`)),
  );
  if (s.abandonedDrafts.length > 0) out.push(`  ${t.abandonedKeyGone}`);
  return `${out.join('\n')}\n`;
}

/** Why a draft was abandoned, in the report's language: the set-up's words, or an error code's title. */
function reasonText(reason: string, language: Language): string {
  const words = (KEY_LABELS[language].abandonedReason as Readonly<Record<string, string>>)[reason];
  if (words) return words;
  if (knownErrorCodes().includes(reason)) return `${errorText(reason, language).title} [${reason}]`;
  return reason;
}
