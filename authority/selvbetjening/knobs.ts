// The Selvbetjening's test knobs, changed at run time by tests (`env.selvbetjening.set`) or at
// start by `npm run env` flags (cli.ts).
export interface SelvbetjeningKnobs {
  /** how long after its confirmation HelseID's client-configuration cache first knows a client */
  clientCacheDelayMs: number;
  /** lifetime of every key registered from now on (draft and POST /v1/client-secret) */
  keyLifetimeSeconds: number;
  /** this API scope shows `pending` in GET /v1/client and is not granted at the token endpoint */
  pendingScope: string | undefined;
  /** the next confirmation fails as if the person lacked the organization's Altinn role */
  refuseNextConfirmation: boolean;
  /** the embedded client system's tenancy: a multi-tenant one cannot create drafts */
  clientSystemTenancy: 'single-tenant' | 'multi-tenant';
}

/** NHN's sample waits 20 s for HelseID's cache; a few seconds keep `npm run env` realistic yet quick. */
export const DEFAULT_CLIENT_CACHE_DELAY_MS = 3_000;
/** UNCONFIRMED: NHN does not document a key lifetime; a year is what the portal's keys appear to get. */
export const DEFAULT_KEY_LIFETIME_SECONDS = 365 * 24 * 3600;

export function defaultKnobs(): SelvbetjeningKnobs {
  return {
    clientCacheDelayMs: DEFAULT_CLIENT_CACHE_DELAY_MS,
    keyLifetimeSeconds: DEFAULT_KEY_LIFETIME_SECONDS,
    pendingScope: undefined,
    refuseNextConfirmation: false,
    clientSystemTenancy: 'single-tenant',
  };
}
