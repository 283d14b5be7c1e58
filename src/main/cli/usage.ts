// Help texts of the command-line front end, and the one error a wrong command line raises.
// English here, bokmål in usage-nb.ts: `--help` is in the language every other text is (--lang, LANG).

import type { Language } from '../../shared/errors/error-texts.ts';
import { HELP_NB } from './usage-nb.ts';

/** A wrong command line: exit code 2, the message and the command's help on stderr. */
export class UsageError extends Error {
  readonly command: CommandName | undefined;
  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export type CommandName = 'doctor' | 'cards' | 'login' | 'token' | 'setup' | 'key' | 'kjernejournal';

const COMMON = `
Common options:
  --lang nb|en       language of messages and reports (default: from LANG, else nb)
  --json             print plain data (JSON) instead of text
  --env-json FILE|-  take the embedded environment from the JSON line \`npm run env\` prints
                     (a file, or - for stdin; only the first line is read)
  -h, --help         this help

Configuration, first found wins: --env-json; the machine file (HELSEID_DESKTOP_CONFIG or the
OS path); the HELSEID_DESKTOP_ENVIRONMENT variable; <project>/.state/env/environment.json.
Exit codes: 0 ok, 1 failure (one sentence on stderr), 2 wrong command line.`;

export const HELP: Readonly<Record<CommandName | 'main', string>> = {
  main: `usage: helseid-desktop <command> [options]

Commands:
  doctor   a report for a support ticket: version, configuration, card software, readers,
           cards, authority reachable, clock skew, APIs
  cards    card readers and cards
  login    log in with the smart card (or TestIdP), get a token per API and call each once
  token    a machine API's client-credentials token: audience, scopes, expiry, organization
  setup    make this workstation its own HelseID client (Selvbetjening; a person confirms in the browser)
  key      key status | key renew: the workstation's client key (where, how protected, kid, expiry)
  kjernejournal  log in and open a patient in Kjernejournal in the browser (a workstation test)

Run \`helseid-desktop <command> --help\` for a command's options.
${COMMON}`,
  doctor: `usage: helseid-desktop doctor [--json] [--lang nb|en] [--env-json FILE|-]

Prints a report a clinic's IT can paste into a ticket. Contains no PIN, token, key or national id
number. Findings first, each with what to do. Exit code 1 when a login cannot work: the
configuration is invalid, the client key is missing, damaged or readable by others, HelseID does
not answer or refuses the client, no card can log in, or the workstation is not set up (the report
is printed anyway).
${COMMON}`,
  cards: `usage: helseid-desktop cards [--json] [--lang nb|en] [--env-json FILE|-]

Lists the cards that cannot log in (why, and what to do), then card readers and the cards in them
(holder, issuer, state, PIN state, valid to), then the card software, as the app sees them.
${COMMON}`,
  login: `usage: helseid-desktop login [--card NAME] [--pin-stdin] [--browser CMD|follow] [--test-pid PID] [--json]

Logs in to HelseID, prints who is logged in and, per API, the token's audience, scopes and expiry
and the result of one call. Tokens are never printed; the session is ended (refresh token revoked)
before the command exits.

  --card NAME       the card to use: any part of its holder name or token label (any case)
  --pin-stdin       read the PIN from stdin (first line) instead of asking on the terminal;
                    needed when stdin is not a terminal
  --browser CMD     what opens the authorization URL: a command, run with the URL as its last
                    argument (split on spaces). Default: the OS opener (xdg-open, open, or the Windows URL handler).
  --browser follow  a built-in minimal "browser" for tests and headless use: it GETs the URL and
                    follows redirects and meta refreshes with a cookie jar. It runs no script and
                    shows nothing: a test and headless convenience, not a real browser.
  --test-pid PID    log in as this TestIdP person instead of with a card (embedded and
                    helseid-test authorities only)
${COMMON}`,
  setup: `usage: helseid-desktop setup [--browser CMD|follow] [--replace] [--json] [--lang nb|en] [--env-json FILE|-]

Makes this workstation its own HelseID client, with the "provisioning" block of the configuration:
generates a key pair here (the private key never leaves the machine), creates a client draft in
Selvbetjening for HelseID with the client system's API key, opens the confirmation page in the
browser (the person confirming needs an Altinn role for the organization), waits until HelseID
knows the client, and prints which services are ready and which wait for their owner's approval.
Ctrl-C cancels at any step; a draft that was never confirmed is recorded (see key status).
Already set up: checks and prints the client again, unless --replace makes a new one.

  --browser CMD     what opens the confirmation page (as for login; "follow" submits the embedded
                    environment's confirmation form with its default button: tests and scripts only)
  --replace         make a new client even though a working one exists
${COMMON}`,
  key: `usage: helseid-desktop key status|renew [--json] [--lang nb|en] [--env-json FILE|-]

  status   where the key lives and how it is protected, its kid, age and expiry, when it will be
           renewed, the last renewal error, abandoned client drafts. Never the key itself.
           Exit code 1 when the workstation is not set up or its key has expired.
  renew    renews the key now: new key pair, registered with Selvbetjening using the current key,
           stored beside it, proven with a token, and only then the old key is dropped.
${COMMON}`,
  kjernejournal: `usage: helseid-desktop kjernejournal --patient NUMBER --basis SAMTYKKE|AKUTT|UNNTAK
         [--authorization CODE] [--hold SECONDS] [--card NAME] [--pin-stdin] [--browser CMD|follow]
         [--test-pid PID] [--json]

Tests this workstation's Kjernejournal hand-off: logs in as \`login\` does, gets a token whose
Tillitsrammeverk claims name the patient, creates a Kjernejournal Innlogging session, and opens the
patient in the browser the login used (the portal's address, with its one-time code and verifier,
reaches only that browser). Keeps the session alive until Ctrl-C (or --hold seconds), then ends it
and logs out. Prints what happened; never the code, the verifier or the patient's number (masked).
Needs a "portals": {"kjernejournal": …} block in the configuration.

  --patient NUMBER       the patient's national id number, D- or H-number (11 digits)
  --basis BASIS          the access basis: SAMTYKKE (consent), AKUTT (emergency) or UNNTAK (exception)
  --authorization CODE   the HPR authorization to act under (LE, SP …), when the person holds more than one
  --hold SECONDS         end the session after this many seconds instead of waiting for Ctrl-C
  --card, --pin-stdin, --browser, --test-pid   as for login
${COMMON}`,
  token: `usage: helseid-desktop token --api NAME [--json] [--lang nb|en] [--env-json FILE|-]

Gets a token for a machine API (configured with "machine": true) by client credentials and prints
its audience, scopes, expiry, client and organization claims. Needs no login and no card. The token
itself is never printed, and is dropped before the command exits.

  --api NAME   the machine API, as named in the configuration
${COMMON}`,
};

/** The help in the command line's language. */
export function helpFor(name: CommandName | 'main', language: Language): string {
  return (language === 'en' ? HELP : HELP_NB)[name];
}
