// What the HelseID client integration tests share: the embedded environment on a temp state dir, a
// "system browser" that follows redirects with plain fetch (TestIdP logs in without a page), a
// recording fetch to look at the wire (request counts, token responses), and a manual scheduler.
import { afterAll, afterEach, beforeAll } from 'vitest';
import * as oidc from 'openid-client';
import { X509Certificate } from 'node:crypto';
import { rm } from 'node:fs/promises';
import {
  startEnvironment,
  type EmbeddedEnvironment,
  type EnvironmentInfo,
  type StartOptions,
} from '../../../../authority/environment.ts';
import { STRICT_RULES } from '../../../../authority/rules.ts';
import type { ProvisionedCards } from '../../../../authority/cards/provision.ts';
import { cardsOf } from '../../../authority/support/card-signer.ts';
import type { Scheduler } from '../../../../src/main/auth/scheduler.ts';
import type { CardChallengeRequest } from '../../../../src/main/auth/card-back-channel.ts';
import type { CardHolder } from '../../../../src/main/auth/login-acceptance.ts';
import {
  configFromEnvironmentInfo,
  type ConfigFileInput,
  type HelseIdConfig,
} from '../../../../src/main/config/index.ts';
import { helseIdClientAuth } from '../../../../src/main/auth/client-auth.ts';
import { importClientKey, readClientJwk } from '../../../../src/main/keys/client-key.ts';
import { CookieBrowser } from '../../../authority/support/browser.ts';
import { seededStateDir } from '../../../support/seeded-state.ts';
import {
  authToken,
  certificateDerBase64,
  forgedSignature,
  signedData,
  signOnCard,
} from '../../../authority/support/card-signer.ts';

export const KARI = '13827099842';
export const LOW_LEVEL_PERSON = '17906599813';

export type AuthEnvironment = EmbeddedEnvironment & { stop(): Promise<void>; logLines: string[]; stateDir: string };

/** What a test file may change about the environment (strict rules stay the default). */
export type AuthEnvironmentOptions = Pick<StartOptions, 'issuerPath' | 'faults'>;

export async function startAuthEnvironment(options: AuthEnvironmentOptions = {}): Promise<AuthEnvironment> {
  const stateDir = await seededStateDir('helseid-client-test-');
  const logLines: string[] = [];
  const env = await startEnvironment({ ...options, stateDir, rules: STRICT_RULES, log: (line) => logLines.push(line) });
  return {
    ...env,
    logLines,
    stateDir,
    stop: async () => {
      await env.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * The usual start of a client test file: the environment and the app's configuration for it
 * (`overrides` as configFromEnvironmentInfo takes them). If the configuration cannot be made, the
 * environment is stopped here (the caller never got it to stop).
 */
/**
 * One configured environment for a whole test file: started before its first test (handed to `use`),
 * its fault knobs reset after each test, stopped after the last — the beforeAll/afterEach/afterAll
 * the auth test files had each copied.
 */
export function useConfiguredEnvironment(
  use: (started: { env: AuthEnvironment; config: HelseIdConfig }) => void,
  overrides?: Partial<ConfigFileInput>,
  options?: AuthEnvironmentOptions,
): void {
  let env: AuthEnvironment | undefined;
  beforeAll(async () => {
    const started = await startConfiguredEnvironment(overrides, options);
    env = started.env;
    use(started);
  });
  afterEach(() => env?.faults.reset());
  afterAll(() => env?.stop());
}

export async function startConfiguredEnvironment(
  overrides?: Partial<ConfigFileInput>,
  options?: AuthEnvironmentOptions,
): Promise<{ env: AuthEnvironment; config: HelseIdConfig }> {
  const env = await startAuthEnvironment(options);
  try {
    return { env, config: configFromEnvironmentInfo(env.info, overrides) };
  } catch (err) {
    await env.stop();
    throw err;
  }
}

/**
 * The start of a card-login test file: the environment, the app's configuration for it and its
 * provisioned virtual cards (their certificates, for the card signer).
 */
export async function startCardEnvironment(): Promise<{
  env: AuthEnvironment;
  config: HelseIdConfig;
  cards: ProvisionedCards;
}> {
  const { env, config } = await startConfiguredEnvironment();
  return { env, config, cards: await cardsOf(env.stateDir) };
}

/**
 * The app's card authenticator played by the SoftHSM virtual card `label` (`forge`: a signature the
 * card did not make). `seen`: the challenge requests it answered.
 */
export function cardSigner(info: EnvironmentInfo, cards: ProvisionedCards, label: string, forge = false) {
  const seen: CardChallengeRequest[] = [];
  const authenticator = async (request: CardChallengeRequest) => {
    seen.push(request);
    const data = signedData(request.origin, request.challenge);
    const signature = forge ? forgedSignature(data) : await signOnCard(info, label, data);
    return JSON.parse(authToken(certificateDerBase64(cards, label), signature)) as unknown;
  };
  return { authenticator, seen };
}

/** Follows redirects from the authorize URL like a browser would, ending at the loopback callback. */
export function redirectFollowingBrowser() {
  const visits: { url: string; done: Promise<number> }[] = [];
  const openExternal = async (url: string) => {
    const done = (async () => {
      let next = new URL(url);
      for (let hop = 0; hop < 12; hop++) {
        const res = await fetch(next, { redirect: 'manual' });
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) return res.status;
        next = new URL(location, next);
      }
      return -1;
    })();
    done.catch(() => {});
    visits.push({ url, done });
  };
  return { openExternal, visits };
}

export interface WireRecord {
  readonly method: string;
  readonly url: URL;
  readonly body: URLSearchParams | undefined;
  readonly status: number;
  readonly json: Record<string, unknown> | undefined;
  readonly dpopNonceChallenge: boolean;
}

/** A fetch that records every request the client makes (and the JSON it got back). */
/** the app's parameterless probes of the authorization endpoint among the recorded requests (authorize-probe.ts) */
export const authorizeProbesOf = (records: readonly WireRecord[]) =>
  records.filter((r) => r.url.pathname.endsWith('/connect/authorize'));

export function recordingFetch() {
  const records: WireRecord[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init?.body instanceof URLSearchParams ? new URLSearchParams(init.body) : undefined;
    let json: Record<string, unknown> | undefined;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      json = (await response
        .clone()
        .json()
        .catch(() => undefined)) as Record<string, unknown> | undefined;
    }
    const challenge = `${response.headers.get('www-authenticate') ?? ''} ${json?.['error'] ?? ''}`.includes(
      'use_dpop_nonce',
    );
    records.push({
      method: init?.method ?? 'GET',
      url,
      body,
      status: response.status,
      json,
      dpopNonceChallenge: challenge,
    });
    return response;
  };
  return { fetch: wrapped, records };
}

/** Timers that fire only when the test says so. */
export function manualScheduler() {
  let nextId = 0;
  const pending = new Map<number, { callback: () => void; delayMs: number }>();
  const scheduler: Scheduler = {
    setTimeout: (callback, delayMs) => {
      pending.set(++nextId, { callback, delayMs });
      return nextId;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    scheduler,
    pending,
    fireAll() {
      const due = [...pending.values()];
      pending.clear();
      due.forEach((t) => t.callback());
      return due.length;
    },
  };
}

/**
 * A browser for the card IdPs: keeps cookies, follows redirects, and reloads the waiting page (as
 * its meta refresh would) until the login redirects to the loopback callback and shows our page.
 */
export function cardLoginBrowser() {
  const pages: string[] = [];
  const openExternal = async (url: string) => {
    const browser = new CookieBrowser();
    void (async () => {
      let stop = await browser.visit(url, 'never-stop-early:');
      for (let i = 0; i < 100 && !stop.body.includes('HelseID Desktop'); i++) {
        pages.push(stop.body);
        await new Promise((r) => setTimeout(r, 100));
        stop = await browser.visit(stop.url, 'never-stop-early:');
      }
      pages.push(stop.body);
    })().catch(() => {});
  };
  return { openExternal, pages };
}

/** Tries a refresh token from outside the app (openid-client, a fresh DPoP key; the client's own key). */
export async function refreshFromOutside(config: HelseIdConfig, refreshToken: string): Promise<string> {
  const key = await importClientKey(await readClientJwk(config.client.private_jwk_path!));
  const server = await oidc.discovery(
    new URL(config.authority.issuer),
    config.client.client_id,
    undefined,
    helseIdClientAuth(key),
    { execute: [oidc.allowInsecureRequests] },
  );
  const dpop = oidc.getDPoPHandle(server, await oidc.randomDPoPKeyPair());
  return oidc.refreshTokenGrant(server, refreshToken, { resource: config.apis[0]!.resource }, { DPoP: dpop }).then(
    () => 'accepted',
    (err: oidc.ResponseBodyError) => err.error ?? 'failed',
  );
}

/**
 * ONE browser for several app runs, keeping its cookies as a clinic workstation's browser does
 * (HelseID's SSO session lives in them): follows redirects, reloads the card IdP's waiting page (as
 * its meta refresh would) until the login leaves it, and submits the pages that submit themselves
 * (the app's end-session page). `visits` resolve when each page came to rest.
 */
export function keepingBrowser() {
  const browser = new CookieBrowser();
  const visits: Promise<void>[] = [];
  const openExternal = async (url: string) => {
    const visit = (async () => {
      let stop = await browser.visit(url, 'never-stop-early:');
      for (let i = 0; i < 100 && stop.body.includes('waiting-for-card'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        stop = await browser.visit(stop.url, 'never-stop-early:');
      }
    })().catch(() => {});
    visits.push(visit);
  };
  /** the authority's session cookie in this browser (for env.browserSessionActive), if any */
  const sessionCookie = () => /(?:^|; )_session=([^;]+)/.exec(browser.cookieHeader())?.[1];
  return { openExternal, visits, sessionCookie, settled: () => Promise.all(visits) };
}

/** The chosen card as the app reads it from its authentication certificate (CN, GN, SN, serialNumber). */
export function holderOf(cards: ProvisionedCards, tokenLabel: string): CardHolder {
  const card = cards.cards.find((c) => c.spec.tokenLabel === tokenLabel);
  if (!card || card.spec.issuer === 'unknown') throw new Error(`no usable virtual card ${tokenLabel}`);
  const subject = new X509Certificate(card.authCertificatePem).subject.split('\n');
  const field = (name: string) => subject.find((l) => l.startsWith(`${name}=`))?.slice(name.length + 1);
  return {
    issuer: card.spec.issuer,
    commonName: field('CN') ?? '',
    givenName: field('GN'),
    familyName: field('SN'),
    serialNumber: field('serialNumber') ?? '',
  };
}
