// The machine-wide configuration file, as IT writes it. Field names follow the JSON file (snake_case)
// so that an error message's field path is exactly what the person must look for in the file.
// Every message says what is expected, never echoes the value found (no secrets in errors).
import { z } from 'zod';
import { provisioningSchema, selvbetjeningMatchesAuthority } from './provisioning-schema.ts';
import { serviceUrl, text } from './url-rules.ts';

export const KNOWN_ISSUERS = {
  'helseid-test': 'https://helseid-sts.test.nhn.no',
  'helseid-prod': 'https://helseid-sts.nhn.no',
} as const;

const bool = z.boolean({ error: 'expected true or false' });
const port = z
  .int({ error: 'expected a whole number' })
  .min(0, { error: 'expected a port 0–65535' })
  .max(65535, { error: 'expected a port 0–65535' });

const authority = z
  .strictObject(
    {
      kind: z.enum(['embedded', 'helseid-test', 'helseid-prod', 'custom'], {
        error: 'expected "embedded", "helseid-test", "helseid-prod" or "custom"',
      }),
      issuer: serviceUrl,
    },
    { error: 'expected {"kind": …, "issuer": …}' },
  )
  // exactly as HelseID's discovery document names itself: the client compares the issuer letter for
  // letter (a / at the end would fail every login with a mismatch), so it is refused here, in words
  .refine((a) => !(a.kind in KNOWN_ISSUERS) || a.issuer === KNOWN_ISSUERS[a.kind as keyof typeof KNOWN_ISSUERS], {
    error: `expected the issuer of that HelseID environment, exactly (${Object.values(KNOWN_ISSUERS).join(' or ')}, without a / at the end)`,
    path: ['issuer'],
  });

const orgNumber = z
  .string({ error: 'expected a 9-digit organization number' })
  .regex(/^\d{9}$/, { error: 'expected a 9-digit organization number' });

/** A text the window shows, in both of its languages. */
const localized = z.strictObject({ nb: text, en: text }, { error: 'expected {"nb": "…", "en": "…"}' });

const api = z.strictObject(
  {
    name: text.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'expected a short lowercase name (a-z, 0-9, -)' }),
    /** what clinicians see instead of `name`, e.g. {"nb": "Kjernejournal", "en": "Summary Care Record"} */
    display_name: localized.optional(),
    /** one line on what the service is for, shown under its name */
    purpose: localized.optional(),
    /** the resource indicator (token audience), e.g. "nhn:kjernejournal" */
    resource: text,
    scopes: z.array(text, { error: 'expected a list of scopes' }).min(1, { error: 'expected at least one scope' }),
    base_url: serviceUrl,
    /** the API wants Tillitsrammeverk parameters in its token request's client assertion */
    tillitsrammeverk: bool.default(false),
    /** a machine-to-machine API (client credentials): not part of the user's login */
    machine: bool.default(false),
    /** machine APIs: the child organization asserted in the client-credentials request, if any */
    organization: orgNumber.optional(),
    /** path of the demo call, relative to base_url */
    call_path: text.regex(/^\//, { error: 'expected a path starting with "/"' }).optional(),
    /** token exchange: this API is a front whose back-end call needs a token for `exchange_scope` */
    exchange_scope: text.optional(),
  },
  { error: 'expected {"name", "resource", "scopes", "base_url", …}' },
);

const coded = z.strictObject({ code: text, system: text }, { error: 'expected {"code": …, "system": …}' });
const identified = z.strictObject({ id: text, system: text }, { error: 'expected {"id": …, "system": …}' });
/** The fixed parts of the Tillitsrammeverk parameters; the per-request parts come from the caller. */
const tillitsrammeverk = z.strictObject(
  {
    practitioner_authorization: coded.optional(),
    legal_entity: identified,
    point_of_care: identified,
    department: identified.optional(),
    healthcare_service: coded.optional(),
    purpose_of_use: coded.optional(),
  },
  { error: 'expected {"legal_entity", "point_of_care", …}' },
);

/**
 * Kjernejournal Innlogging's X-SOURCE-SYSTEM: the EHR system's name and version, 3–512 characters of
 * letters, digits, spaces and . , ( ) - (utviklerportal, Kjernejournal portal → Innlogging →
 * "Autentiseringsflyt").
 */
export const SOURCE_SYSTEM_PATTERN = /^[\p{L}\p{N} .,()-]{3,512}$/u;

/**
 * A portal the card session is handed to. Kjernejournal (NHN's "Kjernejournal Innlogging"): the
 * login service's address (its API is `<innlogging_url>/api/session/…`) and the portal's (the
 * browser opens `<portal_url>/hentpasient.html`), as NHN's reference client configures them
 * (kjernejournal-innlogging-klient, kjernejournal/st1.yaml: innloggingApiUri, webUri).
 */
const kjernejournalPortal = z.strictObject(
  {
    innlogging_url: serviceUrl,
    portal_url: serviceUrl,
    /** X-SOURCE-SYSTEM; default "HelseID Desktop (<version>)" */
    source_system: text
      .regex(SOURCE_SYSTEM_PATTERN, {
        error: 'expected 3–512 letters, digits, spaces or . , ( ) - (the name and version of the system)',
      })
      .optional(),
    /** the token's audience and scopes: what NHN's pages name, changed only for a test environment */
    resource: text.default('nhn:kjernejournal'),
    scopes: z
      .array(text, { error: 'expected a list of scopes' })
      .min(1, { error: 'expected at least one scope' })
      .default(['nhn:kjernejournal/innlogging', 'nhn:kjernejournal/tillitsrammeverk']),
  },
  { error: 'expected {"innlogging_url", "portal_url", …}' },
);

const redirectPort = z.union(
  [
    port,
    z
      .strictObject({ from: port, to: port }, { error: 'expected {"from": …, "to": …}' })
      .refine((r) => r.from >= 1024 && r.from <= r.to, {
        error: 'expected a range with 1024 ≤ from ≤ to',
      }),
  ],
  { error: 'expected 0 (any free port), a port number, or {"from": …, "to": …}' },
);

export const configSchema = z
  .strictObject(
    {
      authority,
      /** a client made by hand (IT put its key in a file); the alternative is `provisioning` */
      client: z
        .strictObject(
          {
            client_id: text,
            /** a JWK file with the private key; a path, never the key itself. Refused if others can read or write it. */
            private_jwk_path: text,
          },
          { error: 'expected {"client_id": …, "private_jwk_path": …}' },
        )
        .optional(),
      /** the app becomes its own HelseID client through NHN's Selvbetjening API (provisioning-schema.ts) */
      provisioning: provisioningSchema.optional(),
      // No APIs (or only machine APIs) is the "login only" pattern: the app shows who logged in, nothing more.
      apis: z
        .array(api, { error: 'expected a list of APIs' })
        .refine((apis) => new Set(apis.map((a) => a.name)).size === apis.length, { error: 'expected unique API names' })
        .default([]),
      organizations: z
        .array(z.strictObject({ number: orgNumber, name: text }, { error: 'expected {"number": …, "name": …}' }), {
          error: 'expected a list of {"number", "name"}',
        })
        .default([]),
      parent_organization: orgNumber.optional(),
      /** how a child organization is asserted: ENH + child, or (multi-tenant) NO:ORGNR:<parent>:<child> */
      client_tenancy: z
        .enum(['single-tenant', 'multi-tenant'], { error: 'expected "single-tenant" or "multi-tenant"' })
        .default('single-tenant'),
      acr_values: z
        .strictObject(
          { buypass: text, commfides: text, test: text },
          { error: 'expected {"buypass", "commfides", "test"}' },
        )
        .default({
          buypass: 'idp:buypass-oidc bp:amr:sc',
          // UNCONFIRMED in HelseID's docs: kept in configuration so IT can correct it
          commfides: 'idp:commfides',
          test: 'idp:testidp-oidc',
        }),
      /**
       * the `idp` claim HelseID puts in the ID token for each of acr_values' IdPs; the login is refused
       * when another comes back. Default: the `idp:` value of acr_values (IdentityServer names the
       * session by that scheme) — UNCONFIRMED for HelseID, hence configurable
       */
      expected_idp: z
        .strictObject(
          { buypass: text.optional(), commfides: text.optional(), test: text.optional() },
          { error: 'expected {"buypass", "commfides", "test"}' },
        )
        .default({}),
      pkcs11_modules: z.array(text, { error: 'expected a list of PKCS#11 module paths' }).default([]),
      /**
       * also look for card middleware where it usually lives (Net iD, OpenSC, SoftHSM per OS); false =
       * only the modules listed above — for IT that wants exactly one middleware, and for the embedded
       * environment, whose configuration lists its own virtual cards' modules
       */
      pkcs11_probe_known_paths: z.boolean({ error: 'expected true or false' }).default(true),
      card_removal: z.enum(['logout', 'lock'], { error: 'expected "logout" or "lock"' }).default('logout'),
      redirect: z
        .strictObject(
          {
            host: z.literal('127.0.0.1', { error: 'expected "127.0.0.1"' }).default('127.0.0.1'),
            port: redirectPort.default(0),
          },
          { error: 'expected {"host": "127.0.0.1", "port": …}' },
        )
        .default({ host: '127.0.0.1', port: 0 }),
      /** name of the client-assertion claim carrying the child organization; UNCONFIRMED which HelseID reads */
      assertion_details_claim: z
        .enum(['assertion_details', 'authorization_details'], {
          error: 'expected "assertion_details" or "authorization_details"',
        })
        .default('assertion_details'),
      tillitsrammeverk: tillitsrammeverk.optional(),
      /** national portals the card session can be handed to (MyHealth@EU: not yet, see src/main/portals/README.md) */
      portals: z
        .strictObject({ kjernejournal: kjernejournalPortal.optional() }, { error: 'expected {"kjernejournal": …}' })
        .default({}),
      login_timeout_seconds: z
        .int({ error: 'expected a whole number of seconds' })
        .min(30, { error: 'expected 30–3600 seconds' })
        .max(3600, { error: 'expected 30–3600 seconds' })
        .default(300),
      /** refresh an access token this long before it expires */
      refresh_margin_seconds: z
        .int({ error: 'expected a whole number of seconds' })
        .min(5, { error: 'expected 5–600 seconds' })
        .max(600, { error: 'expected 5–600 seconds' })
        .default(60),
      /** with card_removal 'lock': also lock after this many minutes without keyboard or mouse input */
      lock_after_idle_minutes: z
        .int({ error: 'expected a whole number of minutes' })
        .min(1, { error: 'expected 1–480 minutes' })
        .max(480, { error: 'expected 1–480 minutes' })
        .optional(),
    },
    { error: 'expected a JSON object' },
  )
  .refine((c) => (c.client === undefined) !== (c.provisioning === undefined), {
    error:
      'expected either "client" (a client made by hand) or "provisioning" (the app sets itself up through Selvbetjening), not both and not neither',
    path: ['client'],
  })
  .refine((c) => selvbetjeningMatchesAuthority(c.provisioning, c.authority.kind), {
    error:
      'expected the Selvbetjening of the same HelseID environment as "authority" (test with helseid-test, prod with helseid-prod)',
    path: ['provisioning', 'selvbetjening', 'kind'],
  })
  .refine(
    (c) =>
      c.portals.kjernejournal === undefined || !c.apis.some((a) => a.resource === c.portals.kjernejournal!.resource),
    {
      error:
        'expected the portal\'s resource in "portals" only, not also among "apis" (one token per resource: it carries the patient)',
      path: ['portals', 'kjernejournal', 'resource'],
    },
  )
  .refine((c) => c.client_tenancy !== 'multi-tenant' || c.parent_organization !== undefined, {
    error:
      'expected parent_organization for a multi-tenant client (its child organizations are asserted as NO:ORGNR:<parent>:<child>)',
    path: ['parent_organization'],
  });

/** The validated configuration file, defaults filled in: `client` or `provisioning`. */
export type ConfigFile = z.output<typeof configSchema>;
/** What does not depend on which client the app is (card modules, APIs, authority). */
export type BaseConfig = Omit<ConfigFile, 'client'>;
/** The client the app logs in as: from the file's `client`, or the one provisioning made (its key is in the key store). */
export interface ClientIdentity {
  readonly client_id: string;
  /** only for a client made by hand */
  readonly private_jwk_path?: string;
}
/** A configuration with a client: what logins and token requests run on. */
export type HelseIdConfig = BaseConfig & { readonly client: ClientIdentity };
export type ApiConfig = ConfigFile['apis'][number];
export type KjernejournalPortalConfig = NonNullable<ConfigFile['portals']['kjernejournal']>;

export function hasClient(config: ConfigFile): config is ConfigFile & HelseIdConfig {
  return config.client !== undefined;
}
export type ConfigFileInput = z.input<typeof configSchema>;
