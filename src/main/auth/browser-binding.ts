// The browser binding: which browser may receive what the app hands over (an end-session form with
// the ID token, a portal launch with a one-time code and verifier).
//
// Anything the app gives the system browser travels as a URL on the browser's command line, which
// every user of the machine can read (/proc/<pid>/cmdline; process inspection on Windows). So the URL
// carries nothing worth taking: it names a one-time loopback page (hand-off-page.ts), and that page
// gives its content only to a request that carries this OS user's binding cookie. The cookie is set
// on 127.0.0.1 (cookies are per host, not per port: every loopback page of the app sees it) by the
// login callback's answer — i.e. in the browser that completed the login — and it counts only once
// that login was ACCEPTED (the person is the card's holder). Another user's process that loads the
// URL first has no such cookie (browser profiles are per OS user): it gets a page with nothing in it,
// and the hand-off stays open for the real browser. The secret's hash is kept in the user's state
// folder (owner-only), so the binding outlives an app restart or crash.
//
// What it cannot catch: a process running as the SAME OS user can read that user's browser profile
// anyway; and a browser that drops cookies (private mode, cleared history) gets the no-binding page
// and the person is told to log in again.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFileAtomically } from '../keys/private-file.ts';

export const BINDING_COOKIE = 'helseid_desktop_browser';
/** renewed at every accepted login; long enough for a working week without one */
const COOKIE_MAX_AGE_SECONDS = 7 * 24 * 3600;
const FILE_NAME = 'browser-binding.json';

export interface BrowserBinding {
  /**
   * The Set-Cookie value for the login callback's answer: a fresh secret, pending until
   * `accept()`. Returns the pending secret's handle for accept/admits.
   */
  offer(): { readonly setCookie: string; readonly pending: PendingBinding };
  /** the login that delivered `pending` was accepted: its browser is now the bound one */
  accept(pending: PendingBinding): Promise<void>;
  /**
   * Whether a request's Cookie header carries the bound browser's secret — or, with `pending`, that
   * one login's (refusing a login ends ITS HelseID session in ITS browser, which holds nothing of the
   * card holder's).
   */
  admits(cookieHeader: string | undefined, pending?: PendingBinding): Promise<boolean>;
}

export interface PendingBinding {
  readonly hash: string;
}

/**
 * `folder`: the OS user's state folder (the binding outlives the app run); without it the binding
 * lives in memory, for one client's life (tests, a CLI run).
 */
export function createBrowserBinding(options: { readonly folder?: string }): BrowserBinding {
  const file = options.folder === undefined ? undefined : path.join(options.folder, FILE_NAME);
  let inMemory: string | undefined;
  return {
    offer() {
      const secret = randomBytes(32).toString('base64url');
      const setCookie = `${BINDING_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_SECONDS}`;
      return { setCookie, pending: { hash: hashOf(secret) } };
    },
    async accept(pending) {
      inMemory = pending.hash;
      if (file)
        await writePrivateFileAtomically(file, JSON.stringify({ hash: pending.hash, at: new Date().toISOString() }));
    },
    async admits(cookieHeader, pending) {
      const offered = cookieValues(cookieHeader, BINDING_COOKIE).map(hashOf);
      // read each time: a login accepted by another process of this user (the CLI) counts at once
      const accepted = [file ? await readBoundHash(file) : inMemory, pending?.hash].filter(
        (h): h is string => h !== undefined,
      );
      return offered.some((o) => accepted.some((a) => sameHash(o, a)));
    },
  };
}

async function readBoundHash(file: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { hash?: unknown };
    return typeof parsed.hash === 'string' && /^[0-9a-f]{64}$/.test(parsed.hash) ? parsed.hash : undefined;
  } catch {
    return undefined; // no login accepted yet (or a damaged file): nothing is bound
  }
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Every value of `name` in a Cookie header (a browser may send two of the same name: any may match). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
}
