// The browser binding: which browser may receive what the app hands over (an end-session form with
// the ID token, a portal launch with a one-time code and verifier, the next login's authorize URL).
//
// Anything the app gives the system browser travels as a URL on the browser's command line, which
// every user of the machine can read (/proc/<pid>/cmdline; process inspection on Windows). So the URL
// carries nothing worth taking: it names a one-time loopback page (hand-off-page.ts), and that page
// gives its content only to a request that carries this OS user's binding cookie. The cookie is set
// on 127.0.0.1 by the login callback's answer — i.e. in the browser that completed the login — and it
// counts only once that login was ACCEPTED (the person is the card's holder). Another user's process
// that loads the URL first has no such cookie (browser profiles are per OS user): it gets a page with
// nothing in it, and the hand-off stays open for the real browser. The secret's hash is kept in the
// user's state folder (owner-only), so the binding outlives an app restart or crash.
//
// The cookie's attributes (README "The binding cookie"): host-only on 127.0.0.1 (cookies are per
// host, not per port, RFC 6265 §8.5), so `Path=/hand-off/` keeps it from every other loopback page —
// the callback, the logged-out page, another user's server on a port ours used before;
// `SameSite=Strict`, so a navigation started by a web page never carries it, while a URL the OS hands
// the browser does (Chrome, Firefox and Safari send Strict cookies on navigations opened from another
// application: w3c/webextensions#663); setting it from the callback, the end of a cross-site
// redirect from HelseID, is allowed for a top-level navigation (RFC 6265bis, storage model).
// `HttpOnly`: no page script reads it. `Max-Age` a week, renewed at every accepted login.
//
// "Proven": a browser that drops cookies (private mode, a policy that clears them) never sends the
// binding back. Until the bound browser has once shown it kept the cookie, the next login does not
// rely on it (`recognises()`), so such a browser can still log in (hand-off-page.ts, first browser).
//
// What it cannot catch: a process running as the SAME OS user can read that user's browser profile
// anyway; and a browser that lost the cookie is, to the app, any other browser.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { keyStoreFolder } from '../keys/key-store-location.ts';
import { writePrivateFileAtomically } from '../keys/private-file.ts';

export const BINDING_COOKIE = 'helseid_desktop_browser';
/** the only pages the binding is sent to (hand-off-page.ts serves /hand-off/<random>) */
export const HAND_OFF_PATH_PREFIX = '/hand-off/';
/** renewed at every accepted login; long enough for a working week without one */
export const BINDING_MAX_AGE_SECONDS = 7 * 24 * 3600;
const FILE_NAME = 'browser-binding.json';

export interface BrowserBinding {
  /**
   * The Set-Cookie value for the login callback's answer: a fresh secret, pending until
   * `accept()`. Returns the pending secret's handle for accept/admits.
   */
  offer(): { readonly setCookie: string; readonly pending: PendingBinding };
  /**
   * the login that delivered `pending` was accepted: its browser is now the bound one. `proven`: that
   * browser is known to keep the cookie (its login page went to it for the binding it carried)
   */
  accept(pending: PendingBinding, options?: { readonly proven?: boolean }): Promise<void>;
  /**
   * Whether a request's Cookie header carries the bound browser's secret — or, with `pending`, that
   * one login's (refusing a login ends ITS HelseID session in ITS browser, which holds nothing of the
   * card holder's). A match proves the bound browser keeps its cookie.
   */
  admits(cookieHeader: string | undefined, pending?: PendingBinding): Promise<boolean>;
  /**
   * Whether a bound browser is known that has shown it keeps the cookie (and the cookie has not
   * expired): only then may a hand-off be kept from every browser without it.
   */
  recognises(): Promise<boolean>;
}

export interface PendingBinding {
  readonly hash: string;
}

interface Bound {
  readonly hash: string;
  /** epoch ms of the accepted login that set it */
  readonly at: number;
  /** a request has carried it since */
  readonly proven: boolean;
}

export interface BrowserBindingOptions {
  /**
   * the OS user's state folder (the binding outlives the app run); without it the binding lives in
   * memory, for one client's life (tests, `--browser follow`, whose cookie jar dies with the command)
   */
  readonly folder?: string;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export function createBrowserBinding(options: BrowserBindingOptions): BrowserBinding {
  const file = options.folder === undefined ? undefined : path.join(options.folder, FILE_NAME);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  let inMemory: Bound | undefined;
  // read each time: a login accepted by another process of this user (the CLI) counts at once
  const current = async (): Promise<Bound | undefined> => {
    const bound = file ? await readBound(file, log) : inMemory;
    return bound && now() - bound.at < BINDING_MAX_AGE_SECONDS * 1000 ? bound : undefined;
  };
  const keep = async (bound: Bound) => {
    inMemory = bound;
    if (file) await writePrivateFileAtomically(file, JSON.stringify({ version: 2, ...bound }));
  };
  return {
    offer() {
      const secret = randomBytes(32).toString('base64url');
      const setCookie = `${BINDING_COOKIE}=${secret}; Path=${HAND_OFF_PATH_PREFIX}; HttpOnly; SameSite=Strict; Max-Age=${BINDING_MAX_AGE_SECONDS}`;
      return { setCookie, pending: { hash: hashOf(secret) } };
    },
    async accept(pending, acceptOptions) {
      await keep({ hash: pending.hash, at: now(), proven: acceptOptions?.proven === true });
    },
    async admits(cookieHeader, pending) {
      const offered = cookieValues(cookieHeader, BINDING_COOKIE).map(hashOf);
      if (offered.length === 0) return false;
      const bound = await current();
      if (bound && offered.some((o) => sameHash(o, bound.hash))) {
        if (!bound.proven)
          await keep({ ...bound, proven: true }).catch(() => log('browser binding: could not record the proof'));
        return true;
      }
      return pending !== undefined && offered.some((o) => sameHash(o, pending.hash));
    },
    recognises: async () => (await current())?.proven === true,
  };
}

/**
 * This OS user's binding, kept in their state folder: the app, the command line with a real browser
 * and a set-up share it (whichever completed the last accepted login in the browser, the others'
 * hand-offs reach that browser).
 */
export function userBrowserBinding(
  env: Readonly<Record<string, string | undefined>>,
  log?: (line: string) => void,
): BrowserBinding {
  return createBrowserBinding({
    folder: keyStoreFolder({ scope: 'account' }, process.platform, env),
    ...(log ? { log } : {}),
  });
}

/**
 * The bound browser from the state folder — only from a file that nobody else could have written: a
 * binding planted by another user (a world-writable folder, a file of theirs, a symbolic link) would
 * hand them what is meant for this user's browser. A damaged or foreign file binds nothing.
 */
async function readBound(file: string, log: (line: string) => void): Promise<Bound | undefined> {
  try {
    if (process.platform !== 'win32') {
      const info = await lstat(file);
      const folder = await stat(path.dirname(file));
      const uid = process.getuid?.();
      const foreign =
        !info.isFile() ||
        (info.mode & 0o022) !== 0 ||
        (folder.mode & 0o022) !== 0 ||
        (uid !== undefined && (info.uid !== uid || folder.uid !== uid));
      if (foreign) {
        log('browser binding: ignored a binding file others could have written');
        return undefined;
      }
    }
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { hash?: unknown; at?: unknown; proven?: unknown };
    if (typeof parsed.hash !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.hash)) return undefined;
    // the first version of the file kept `at` as an ISO string and no proof
    const at = typeof parsed.at === 'number' ? parsed.at : typeof parsed.at === 'string' ? Date.parse(parsed.at) : NaN;
    if (!Number.isFinite(at)) return undefined;
    return { hash: parsed.hash, at, proven: parsed.proven === true };
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
