// Fixed facts of the embedded environment: the registered desktop client, the demo APIs and the
// identity providers. Values HelseID.md marks UNCONFIRMED (Commfides acr value, claim names) live
// here so they are changed in one place.

export const DESKTOP_CLIENT_ID = 'helseid-desktop-embedded';
/** the front demo API authenticates as its own client when it exchanges tokens */
export const FRONT_API_CLIENT_ID = 'helseid-desktop-front-api';

export const CLAIM = {
  pid: 'helseid://claims/identity/pid',
  securityLevel: 'helseid://claims/identity/security_level',
  assuranceLevel: 'helseid://claims/identity/assurance_level',
  hprNumber: 'helseid://claims/hpr/hpr_number',
  network: 'helseid://claims/identity/network',
  originalClientId: 'helseid://claims/client/original_client_id',
  orgnrParent: 'helseid://claims/client/claims/orgnr_parent',
  orgnrChild: 'helseid://claims/client/claims/orgnr_child',
  orgnrSupplier: 'helseid://claims/client/claims/orgnr_supplier',
  clientTenancy: 'helseid://claims/client/client_tenancy',
  tillitsrammeverk: 'helseid://claims/tillitsrammeverk/parameters',
  hprDetails: 'helseid://claims/hpr/hpr_details',
} as const;

export const USER_SCOPES = {
  pid: 'helseid://scopes/identity/pid',
  securityLevel: 'helseid://scopes/identity/security_level',
  hprNumber: 'helseid://scopes/hpr/hpr_number',
  assuranceLevel: 'helseid://scopes/identity/assurance_level',
  network: 'helseid://scopes/identity/network',
} as const;

export type ApiName = 'person' | 'record' | 'front' | 'back' | 'registry';

export interface ApiDefinition {
  readonly name: ApiName;
  /** the resource indicator and the token audience */
  readonly resource: string;
  readonly scopes: readonly string[];
  /** needs a user (pid/hpr, security level 4) rather than a client-only token */
  readonly userRequired: boolean;
  /** needs the Tillitsrammeverk claim in the token */
  readonly tillitsrammeverkRequired?: boolean;
  /** machine-to-machine only: client-credentials tokens, user tokens refused */
  readonly machineOnly?: boolean;
  /** wants a server nonce in DPoP proofs (401 use_dpop_nonce first) */
  readonly dpopNonce?: boolean;
  /** the demo endpoint a client calls */
  readonly callPath: string;
}

export const API_DEFINITIONS: readonly ApiDefinition[] = [
  {
    name: 'person',
    resource: 'nhn:helseid-desktop/person-api',
    scopes: ['nhn:helseid-desktop/person-api/read'],
    userRequired: true,
    callPath: '/api/person/me',
  },
  {
    name: 'record',
    resource: 'nhn:helseid-desktop/record-api',
    scopes: ['nhn:helseid-desktop/record-api/tillitsrammeverk'],
    userRequired: true,
    tillitsrammeverkRequired: true,
    callPath: '/api/record/summary',
  },
  {
    name: 'front',
    resource: 'nhn:helseid-desktop/front-api',
    scopes: ['nhn:helseid-desktop/front-api/read'],
    userRequired: true,
    callPath: '/api/front/overview',
  },
  {
    name: 'back',
    resource: 'nhn:helseid-desktop/back-api',
    scopes: ['nhn:helseid-desktop/back-api/read'],
    userRequired: true,
    callPath: '/api/back/data',
  },
  // machine-to-machine (client credentials); it also wants DPoP nonces, to exercise that path at an API
  {
    name: 'registry',
    resource: 'nhn:helseid-desktop/registry-api',
    scopes: ['nhn:helseid-desktop/registry-api/read'],
    userRequired: false,
    machineOnly: true,
    dpopNonce: true,
    callPath: '/api/registry/units',
  },
];

export function apiByResource(resource: string): ApiDefinition | undefined {
  return API_DEFINITIONS.find((a) => a.resource === resource);
}

export type IdpKind = 'testidp' | 'buypass' | 'commfides';

export interface IdentityProvider {
  readonly kind: IdpKind;
  /** the `idp` claim value */
  readonly idp: string;
  readonly displayName: string;
  /** acr_values (space separated) that select it; any one token `idp:<x>` matches */
  readonly acrValues: readonly string[];
  readonly amr: readonly string[];
}

/** Commfides' current acr value is UNCONFIRMED (HELSEID.md): override with HELSEID_EMU_COMMFIDES_ACR. */
export function identityProviders(
  commfidesAcr = process.env.HELSEID_EMU_COMMFIDES_ACR ?? 'idp:commfides-oidc cf:amr:sc',
): IdentityProvider[] {
  return [
    {
      kind: 'testidp',
      idp: 'testidp-oidc',
      displayName: 'HelseID TestIdP',
      acrValues: ['idp:testidp-oidc'],
      amr: ['pwd'],
    },
    {
      kind: 'buypass',
      idp: 'buypass-oidc',
      displayName: 'Buypass smartkort',
      acrValues: ['idp:buypass-oidc bp:amr:sc'],
      amr: ['sc'],
    },
    {
      kind: 'commfides',
      idp: commfidesAcr.split(' ')[0]!.replace(/^idp:/, ''),
      displayName: 'Commfides smartkort',
      acrValues: [commfidesAcr, 'idp:commfides'],
      amr: ['sc'],
    },
  ];
}

/** The IdP chosen by the `idp:<x>` token in acr_values, if any. */
export function idpFromAcrValues(
  acrValues: string | undefined,
  idps: readonly IdentityProvider[],
): IdentityProvider | undefined {
  const requested = new Set((acrValues ?? '').split(' ').filter((v) => v.startsWith('idp:')));
  return idps.find((p) => p.acrValues.some((v) => requested.has(v.split(' ')[0]!)));
}

export const LIFETIMES = {
  accessToken: 300,
  refreshToken: 8 * 3600,
  idToken: 300,
  code: 60,
  interaction: 600,
  session: 8 * 3600,
  cardChallenge: 60,
} as const;

/** The organization that owns the registered clients (synthetic): orgnr_parent for single-tenant
 * child-orgnr requests, orgnr_supplier for multi-tenant ones. */
export const CLIENT_OWNER_ORGNR = '912345678';

/**
 * Kjernejournal as a HelseID resource (utviklerportal, Kjernejournal portal → Innlogging →
 * "HelseID-klient"): the login service needs innlogging + tillitsrammeverk; `api` is for the other
 * Kjernejournal APIs (helseindikator) and optional.
 */
export const KJERNEJOURNAL = {
  resource: 'nhn:kjernejournal',
  innloggingScope: 'nhn:kjernejournal/innlogging',
  tillitsrammeverkScope: 'nhn:kjernejournal/tillitsrammeverk',
  apiScope: 'nhn:kjernejournal/api',
} as const;

/** The scopes a resource owns: a demo API's, Kjernejournal's, or the Selvbetjening API's. */
export function scopesOfResource(resource: string): readonly string[] | undefined {
  if (resource === KJERNEJOURNAL.resource)
    return [KJERNEJOURNAL.innloggingScope, KJERNEJOURNAL.tillitsrammeverkScope, KJERNEJOURNAL.apiScope];
  if (resource === SELVBETJENING.resource) return [SELVBETJENING.clientScope];
  return apiByResource(resource)?.scopes;
}

/** Every scope the emulated HelseID knows: the OpenID and identity scopes, and each resource's. */
export function isKnownScope(scope: string): boolean {
  if (['openid', 'offline_access', 'profile', ...Object.values(USER_SCOPES)].includes(scope)) return true;
  const resources = [...API_DEFINITIONS.map((a) => a.resource), KJERNEJOURNAL.resource, SELVBETJENING.resource];
  return resources.some((r) => scopesOfResource(r)!.includes(scope));
}

/** The Selvbetjening API as a HelseID resource: clients manage themselves with this scope
 * (client credentials + DPoP), as NHN's samples and HelseID.Library do. */
export const SELVBETJENING = {
  resource: 'nhn:selvbetjening',
  clientScope: 'nhn:selvbetjening/client',
} as const;
