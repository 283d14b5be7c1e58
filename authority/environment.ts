// The embedded HelseID environment: authority (oidc-provider configured as HelseID), demo APIs and
// virtual cards, started in-process. cli.ts runs it in the foreground; tests start it directly.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Faults, type FaultControl, type FaultSettings } from './faults.ts';
import { Rules, type RuleControl, type RuleSettings } from './rules.ts';
import { dpopNonceGate } from './http/dpop-nonce-gate.ts';
import { describeRefusals } from './provider/refusal-descriptions.ts';
import { loadAuthorityKeys, loadClientKey, publicPart } from './state/keys.ts';
import { keyRotation } from './provider/key-rotation.ts';
import { clientCredentialsClaimSource } from './provider/client-claims.ts';
import { provisionVirtualCards } from './cards/provision.ts';
import { buildCardTrust } from './card/trust.ts';
import { CardSessions } from './card/card-sessions.ts';
import { recordSessionLogin, SessionLogins } from './provider/sso-policy.ts';
import { cardEndpoint } from './card/card-endpoint.ts';
import { LoginRecords } from './provider/accounts.ts';
import { ParRegistry } from './provider/par-registry.ts';
import { createProvider, ROUTES } from './provider/create-provider.ts';
import { helseIdMiddleware } from './provider/helseid-middleware.ts';
import { patchModels } from './provider/model-patches.ts';
import { loginClaimSource } from './provider/token-claims.ts';
import { assertionClaimSource, parTillitsrammeverkSource } from './provider/assertion-structures.ts';
import { registeredClients } from './provider/clients.ts';
import { interactionRouter } from './interactions/interaction-router.ts';
import { authorityHandler } from './http/authority-server.ts';
import { availableIdpsHandler } from './http/available-idps.ts';
import { startApis, type ApiInfo } from './apis/start-apis.ts';
import { DESKTOP_CLIENT_ID, identityProviders } from './settings.ts';
import { startPcscEnvironment, type PcscEnvironmentInfo } from './cards/piv/pcsc-environment.ts';
import type { PcscCards } from './cards/piv/pcsc-cards.ts';
import {
  startSelvbetjening,
  type SelvbetjeningControl,
  type SelvbetjeningInfo,
} from './selvbetjening/selvbetjening-server.ts';
import type { SelvbetjeningKnobs } from './selvbetjening/knobs.ts';
import {
  startKjernejournal,
  type KjernejournalControl,
  type KjernejournalInfo,
} from './kjernejournal/kjernejournal-server.ts';
import type { SessionKnobs } from './kjernejournal/sessions.ts';
import {
  cardChannelClient,
  patchClientLookup,
  provisionedClientClaimSource,
  provisionedKeyCheck,
  provisionedResourceScopes,
  type ProvisionedClientSource,
} from './provider/provisioned-clients.ts';

export interface EnvironmentInfo extends PcscEnvironmentInfo {
  authority: string;
  /** `call_path` and `machine` are optional additions: older readers may ignore them */
  apis: ApiInfo[];
  clients: { client_id: string; private_jwk_path: string }[];
  cards: { token_label: string; pin: string; holder: string; issuer: string; person: string }[];
  pkcs11_module: string;
  softhsm2_conf: string;
  /** the emulated Selvbetjening (client drafts, confirmation page, key rotation) */
  selvbetjening: SelvbetjeningInfo;
  /** national portals the card session is handed to: the emulated Kjernejournal (Innlogging API and portal) */
  portals: { kjernejournal: KjernejournalInfo };
}

export interface EmbeddedEnvironment {
  info: EnvironmentInfo;
  faults: FaultControl;
  /** strictness knobs (rules.ts): HelseID's documented leniency by default */
  rules: RuleControl;
  close(): Promise<void>;
  /** test hook: a new authority signing key (the old one stays published); returns the new kid */
  rotateSigningKey?(): Promise<string>;
  /** the PC/SC cards (insert, remove, unblock), when started with `pcsc: true` and available */
  pcsc?: PcscCards;
  /**
   * test hook: every request_uri that no browser has used yet expires now, as if the person took
   * longer than its lifetime before the login page loaded; returns how many expired
   */
  expireUnusedRequestUris(): number;
  /** the Selvbetjening's knobs and test hooks */
  selvbetjening: SelvbetjeningControl;
  /** the emulated Kjernejournal's knobs (session idle time, code lifetime) and its sessions */
  kjernejournal: KjernejournalControl;
  /**
   * test hook: whether the authority still holds a logged-in browser session for this value of the
   * browser's `_session` cookie (an ended session is destroyed in oidc-provider's store)
   */
  browserSessionActive(sessionCookie: string): Promise<boolean>;
}

export interface StartOptions {
  stateDir?: string;
  port?: number;
  apiPorts?: number[];
  log?: (line: string) => void;
  faults?: Partial<FaultSettings>;
  /** also run the virtual PIV cards over pcscd + vpcd (one pcscd per machine: see cards/piv/pcscd.ts) */
  pcsc?: boolean;
  /** strictness knobs; default HELSEID_RULES (as lenient as HelseID) */
  rules?: Partial<RuleSettings>;
  /** serve the whole authority under this path (`/conformance/abc`): the issuer gets it too, as
   * with HelseID's conformance-testing service */
  issuerPath?: string;
  /** the Selvbetjening's port (default: a free one), knobs, and clock for key expiry and the cache delay */
  selvbetjening?: { port?: number; now?: () => number } & Partial<SelvbetjeningKnobs>;
  /** the emulated Kjernejournal's ports (default: free ones), knobs, and its sessions' clock */
  kjernejournal?: { apiPort?: number; portalPort?: number; now?: () => number } & Partial<SessionKnobs>;
}

/**
 * The state folder holds private keys and the test cards' PINs: its user's alone (0700), whatever the
 * umask. One that is not this user's is refused rather than used.
 */
async function ownerOnlyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const info = await stat(dir);
  if (info.uid !== process.getuid?.())
    throw new Error(
      `state folder ${dir} belongs to another user (uid ${info.uid}): use --state with a folder of your own`,
    );
  if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** '/a/b/' → '/a/b'; '' or '/' → ''. Refuses what cannot be a URL path. */
export function normalizeIssuerPath(path: string | undefined): string {
  const trimmed = (path ?? '').replace(/\/+$/, '');
  if (!trimmed) return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) {
    throw new Error(`issuer path "${path}": expected /segment[/segment…] of letters, digits, ".", "_", "~", "-"`);
  }
  return trimmed;
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_STATE_DIR = path.join(PROJECT_ROOT, '.state', 'env');

const ISSUER_LABEL = {
  buypass: 'Buypass (test)',
  commfides: 'Commfides (test)',
  unknown: 'Unknown CA (untrusted)',
} as const;

export async function startEnvironment(options: StartOptions = {}): Promise<EmbeddedEnvironment> {
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const log = options.log ?? (() => {});
  const faults = new Faults(options.faults);
  const rules = new Rules(options.rules);
  const issuerPath = normalizeIssuerPath(options.issuerPath);
  await ownerOnlyFolder(stateDir);

  // Listen first: the issuer URL must contain the port before oidc-provider is configured.
  const route: { handler?: ReturnType<typeof authorityHandler> } = {};
  const server = createServer((req, res) =>
    route.handler ? route.handler(req, res) : (res.writeHead(503), res.end()),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${issuerPath}`;

  const [authorityKeys, desktopKey, provisioned] = await Promise.all([
    loadAuthorityKeys(stateDir),
    loadClientKey(stateDir, DESKTOP_CLIENT_ID),
    provisionVirtualCards({ stateDir: path.join(stateDir, 'cards') }),
  ]);
  const pcsc = options.pcsc ? await startPcscEnvironment(path.join(stateDir, 'cards'), log) : undefined;
  const { port: selvbetjeningPort, now: selvbetjeningNow, ...selvbetjeningKnobs } = options.selvbetjening ?? {};
  const selvbetjening = await startSelvbetjening({
    stateDir,
    port: selvbetjeningPort,
    issuer,
    jwksUri: `${issuer}${ROUTES.jwks}`,
    faults,
    log,
    knobs: selvbetjeningKnobs,
    now: selvbetjeningNow,
  });
  const selfServiceClients: ProvisionedClientSource = {
    get: (id) => selvbetjening.registry.get(id),
    now: selvbetjening.now,
    pendingScope: () => selvbetjening.knobs().pendingScope,
    log,
  };
  const apis = await startApis({
    issuer,
    jwksUri: `${issuer}${ROUTES.jwks}`,
    faults,
    log,
    ports: options.apiPorts ?? [],
    stateDir,
  });

  const { apiPort: kjApiPort, portalPort: kjPortalPort, now: kjNow, ...kjKnobs } = options.kjernejournal ?? {};
  const kjernejournal = await startKjernejournal({
    issuer,
    jwksUri: `${issuer}${ROUTES.jwks}`,
    faults,
    log,
    apiPort: kjApiPort,
    portalPort: kjPortalPort,
    knobs: kjKnobs,
    now: kjNow,
  });

  const logins = new LoginRecords();
  const pars = new ParRegistry();
  const cardSessions = new CardSessions();
  const sessionLogins = new SessionLogins();
  const idps = identityProviders();
  const serverCompleted = new Set<string>();
  const cookieKey = randomBytes(32).toString('base64url');
  const clients = registeredClients(desktopKey, apis.clientKeys, apis.tokenExchange);
  const provider = createProvider({
    issuer,
    signingJwks: authorityKeys.signingJwks,
    nonceSecret: authorityKeys.nonceSecret,
    cookieKey,
    clients: clients.metadata,
    logins,
    pars,
    claimSources: [
      loginClaimSource(logins),
      parTillitsrammeverkSource(logins),
      clientCredentialsClaimSource,
      assertionClaimSource(logins),
      provisionedClientClaimSource(selfServiceClients),
      ...apis.claimSources,
    ],
    discoveryExtras: {
      helseid_desktop_card_endpoint: `${issuer}/connect/card`,
      // as production's discovery says; PAR is enforced per client all the same (clients.ts)
      require_pushed_authorization_requests: false,
      // HelseID's own name for it (production discovery); the older name stays for existing readers
      available_idps: `${issuer}/connect/availableidps`,
      helseid_desktop_available_idps_endpoint: `${issuer}/connect/availableidps`,
    },
    requireDpopNonce: () => true,
    rules: () => rules.settings,
    issuerPath,
    refreshTokenWithoutOfflineAccess: () => faults.settings.refreshTokenWithoutOfflineAccess,
    clientKeyCheck: provisionedKeyCheck(selfServiceClients),
    resourceScopes: (clientId, resource, scopes) =>
      provisionedResourceScopes(selfServiceClients, clientId, resource, scopes),
    sso: { sessionLogins, rideAnySession: () => faults.settings.ignoreFreshLoginRequests },
  });
  // what the session logged in as: its IdP for IdentityServer's "current IdP is not the requested
  // IdP", its person for an authorization that rides it (sso-policy.ts)
  provider.on('authorization.success', (ctx) => recordSessionLogin(ctx, sessionLogins, (g) => logins.get(g)));
  patchClientLookup(provider, selfServiceClients);
  const nonceGate = dpopNonceGate(authorityKeys.nonceSecret);
  provider.use(helseIdMiddleware(provider, pars, faults, nonceGate, logins, log));
  patchModels(provider, faults);
  const rotation = keyRotation(provider, stateDir, authorityKeys);
  apis.registerGrants(provider, () => ({ keys: rotation.current().signingJwks.keys.map(publicPart) }));
  provider.on('server_error', (_ctx: unknown, err: Error) => log(`oidc-provider error: ${err.stack ?? err.message}`));
  // oidc-provider keeps the reason of many refusals in error_detail only: into error_description and the log
  describeRefusals(provider, issuer, log);

  route.handler = authorityHandler({
    provider: provider.callback(),
    card: cardEndpoint({
      // Web eID signs over the ORIGIN (scheme://host:port): with an issuer path, the path is not part of it
      origin: new URL(issuer).origin,
      audience: { issuer, tokenEndpoint: `${issuer}${ROUTES.token}` },
      clients: { get: (id) => clients.byId.get(id) ?? cardChannelClient(selfServiceClients, id) },
      unique: (iss, jti, exp) => provider.ReplayDetection.unique(iss, jti, exp),
      rules: () => rules.settings,
      pars,
      sessions: cardSessions,
      trust: buildCardTrust(provisioned),
      now: () => faults.now(),
      log,
    }),
    interaction: interactionRouter({
      provider,
      logins,
      pars,
      cardSessions,
      idps,
      serverCompleted,
      log,
      rejectScopes: () => faults.settings.rejectScopes,
      loginAs: () => faults.settings.loginAs,
      sessionLogins,
    }),
    availableIdps: availableIdpsHandler(idps),
    serverCompleted,
    cookieKey,
    faults,
    log,
    issuerPath,
    authorizeFailed: (requestUri, status) =>
      pars.authorizeFailed(
        requestUri,
        status === 'dropped' ? 'the connection was dropped' : `it was answered ${status}`,
      ),
  });

  const info: EnvironmentInfo = {
    authority: issuer,
    apis: apis.info,
    clients: [{ client_id: DESKTOP_CLIENT_ID, private_jwk_path: desktopKey.privateJwkPath }],
    cards: provisioned.cards.map((c) => ({
      token_label: c.spec.tokenLabel,
      pin: c.spec.pin,
      holder: c.holder,
      issuer: ISSUER_LABEL[c.spec.issuer],
      person: c.spec.personPid,
    })),
    pkcs11_module: provisioned.pkcs11Module,
    softhsm2_conf: provisioned.softhsm2Conf,
    ...pcsc?.info,
    selvbetjening: selvbetjening.info,
    portals: { kjernejournal: kjernejournal.info },
  };
  log(`embedded HelseID ready at ${issuer}`);
  return {
    info,
    faults,
    ...(pcsc?.cards ? { pcsc: pcsc.cards } : {}),
    rules,
    rotateSigningKey: async () => {
      const kid = await rotation.rotate();
      log(`authority signing key rotated (new kid ${kid})`);
      return kid;
    },
    selvbetjening: selvbetjening.control,
    kjernejournal: kjernejournal.control,
    expireUnusedRequestUris: () => {
      const expired = pars.expireUnused(faults.now());
      log(`test hook: ${expired.length} unused request_uri(s) expired now`);
      return expired.length;
    },
    browserSessionActive: async (sessionCookie) => {
      // oidc-provider's Session model is public at runtime but missing from its type declarations
      const sessions = (
        provider as unknown as { Session: { find(id: string): Promise<{ accountId?: string } | undefined> } }
      ).Session;
      return !!(await sessions.find(sessionCookie))?.accountId;
    },
    close: async () => {
      await pcsc?.close();
      await apis.close();
      await kjernejournal.close();
      await selvbetjening.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
