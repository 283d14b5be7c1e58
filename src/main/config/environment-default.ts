// The configuration used when no file exists: the embedded HelseID environment. Its info object is
// declared here by shape (the authority/ code is never packaged, so src/main must not import it).
import { configSchema, hasClient, type ConfigFile, type ConfigFileInput, type HelseIdConfig } from './config-schema.ts';

export interface EnvironmentInfo {
  readonly authority: string;
  readonly apis: readonly {
    readonly name: string;
    readonly resource: string;
    readonly scopes: readonly string[];
    readonly url: string;
    readonly tillitsrammeverk?: boolean;
    readonly machine?: boolean;
    readonly call_path?: string;
    readonly exchange_scope?: string;
  }[];
  readonly clients: readonly { readonly client_id: string; readonly private_jwk_path: string }[];
  readonly pkcs11_module?: string;
  /** OpenSC, when the environment runs its virtual PIV cards over pcscd */
  readonly pcsc_module?: string;
  readonly organizations?: readonly { readonly number: string; readonly name: string }[];
  readonly parent_organization?: string;
  readonly tillitsrammeverk?: ConfigFileInput['tillitsrammeverk'];
  /** the emulated national portals (Kjernejournal's Innlogging API and portal), when the environment has them */
  readonly portals?: { readonly kjernejournal?: { readonly innlogging_url: string; readonly portal_url: string } };
  /** the emulated Selvbetjening, when the environment has one (provisioning instead of the ready-made client) */
  readonly selvbetjening?: {
    readonly api_url: string;
    readonly web_url: string;
    readonly api_key_path: string;
    readonly organization_number: string;
    readonly child_organization_numbers?: readonly string[];
  };
}

/**
 * What the embedded environment's demo APIs need but its info object does not (yet) say: the demo
 * call's path and whether the API wants Tillitsrammeverk parameters. Keyed by the emulator's own
 * resource names, so they can never apply to a real API. Values in `info` win.
 */
type Localized = { nb: string; en: string };
const EMBEDDED_API_HINTS: Readonly<
  Record<string, { call_path: string; tillitsrammeverk?: boolean; display_name: Localized; purpose: Localized }>
> = {
  'nhn:helseid-desktop/person-api': {
    call_path: '/api/person/me',
    display_name: { nb: 'Persontjenesten (demo)', en: 'Person service (demo)' },
    purpose: {
      nb: 'Slår opp navn og adresse i Folkeregisteret.',
      en: 'Looks up names and addresses in the National Population Register.',
    },
  },
  'nhn:helseid-desktop/record-api': {
    call_path: '/api/record/summary',
    tillitsrammeverk: true,
    display_name: { nb: 'Pasientjournal (demo)', en: 'Patient record (demo)' },
    purpose: { nb: 'Viser sammendrag av pasientens journal.', en: "Shows a summary of the patient's record." },
  },
  'nhn:helseid-desktop/front-api': {
    call_path: '/api/front/overview',
    display_name: { nb: 'Oversikt (demo)', en: 'Overview (demo)' },
    purpose: {
      nb: 'Samler opplysninger fra fagsystemet den henter data fra.',
      en: 'Gathers information from the clinical system it reads from.',
    },
  },
  'nhn:helseid-desktop/registry-api': {
    call_path: '/api/registry/units',
    display_name: { nb: 'Enhetsregister (demo, maskin-til-maskin)', en: 'Unit register (demo, machine to machine)' },
    purpose: {
      nb: 'Slår opp virksomhetens enheter uten at noen er logget inn.',
      en: "Looks up the organization's units without anyone logged in.",
    },
  },
  'nhn:helseid-desktop/back-api': {
    call_path: '/api/back/data',
    display_name: { nb: 'Fagsystem (demo)', en: 'Clinical system (demo)' },
    purpose: { nb: 'Fagsystemet som oversikten henter fra.', en: 'The clinical system the overview reads from.' },
  },
};

/** Synthetic organizations of the embedded environment (the client owner and two sub units). */
const EMBEDDED_ORGANIZATIONS = {
  parent: '912345678',
  children: [
    { number: '912345679', name: 'Legekontoret, avdeling Sentrum' },
    { number: '912345680', name: 'Legekontoret, avdeling Nord' },
  ],
};

/** Builds (and validates, so a changed environment fails loudly here) the embedded default. */
export function configFromEnvironmentInfo(
  info: EnvironmentInfo,
  overrides: Partial<ConfigFileInput> = {},
): ConfigFile & HelseIdConfig {
  const client = info.clients[0];
  if (client === undefined) throw new TypeError('the embedded environment registered no client');
  const config = configSchema.parse(
    embeddedInput(info, {
      client: { client_id: client.client_id, private_jwk_path: client.private_jwk_path },
      ...overrides,
    }),
  );
  if (!hasClient(config)) throw new TypeError('the overrides removed the client');
  return config;
}

/** Whether to build the embedded default with `provisioning` (HELSEID_DESKTOP_PROVISIONING=1) instead of the ready-made client. */
export const PROVISIONING_ENV = 'HELSEID_DESKTOP_PROVISIONING';

/**
 * The embedded default as a workstation that sets itself up: the emulated Selvbetjening instead of
 * the ready-made client, the key in a file store (plain Node has no OS key protection).
 */
export function provisioningConfigFromEnvironmentInfo(
  info: EnvironmentInfo,
  overrides: Partial<ConfigFileInput> = {},
): ConfigFile {
  const s = info.selvbetjening;
  if (s === undefined) throw new TypeError('the embedded environment has no Selvbetjening');
  return configSchema.parse(
    embeddedInput(info, {
      provisioning: {
        selvbetjening: { kind: 'embedded', api_url: s.api_url, web_url: s.web_url },
        api_key_path: s.api_key_path,
        organization_number: s.organization_number,
        child_organization_numbers: [...(s.child_organization_numbers ?? [])],
        key_store: { protection: 'file' },
      },
      // the units this client registers, named as the ready-made client's are (the window offers exactly these)
      organizations: (s.child_organization_numbers ?? []).map((number, i) => ({
        number,
        name: EMBEDDED_ORGANIZATIONS.children[i]?.name ?? number,
      })),
      parent_organization: s.organization_number,
      ...overrides,
    }),
  );
}

function embeddedInput(info: EnvironmentInfo, rest: Partial<ConfigFileInput>): ConfigFileInput {
  return {
    authority: { kind: 'embedded', issuer: info.authority },
    apis: info.apis.map((api) => {
      const hint = EMBEDDED_API_HINTS[api.resource];
      const tillitsrammeverk = api.tillitsrammeverk ?? hint?.tillitsrammeverk;
      const callPath = api.call_path ?? hint?.call_path;
      return {
        name: api.name,
        resource: api.resource,
        scopes: [...api.scopes],
        base_url: api.url,
        ...(tillitsrammeverk === undefined ? {} : { tillitsrammeverk }),
        ...(api.machine === undefined ? {} : { machine: api.machine }),
        ...(callPath === undefined ? {} : { call_path: callPath }),
        ...(hint ? { display_name: hint.display_name, purpose: hint.purpose } : {}),
        ...(api.exchange_scope === undefined ? {} : { exchange_scope: api.exchange_scope }),
      };
    }),
    organizations: (info.organizations ?? EMBEDDED_ORGANIZATIONS.children).map((o) => ({ ...o })),
    parent_organization: info.parent_organization ?? EMBEDDED_ORGANIZATIONS.parent,
    ...(info.tillitsrammeverk === undefined ? {} : { tillitsrammeverk: info.tillitsrammeverk }),
    ...(info.portals?.kjernejournal
      ? {
          portals: {
            kjernejournal: {
              innlogging_url: info.portals.kjernejournal.innlogging_url,
              portal_url: info.portals.kjernejournal.portal_url,
            },
          },
        }
      : {}),
    // exactly the environment's own modules: a middleware found elsewhere on the machine (OpenSC with
    // another test's virtual PC/SC cards, a real reader) is not part of the embedded environment
    pkcs11_modules: [info.pkcs11_module, info.pcsc_module].filter((m): m is string => m !== undefined),
    pkcs11_probe_known_paths: false,
    ...rest,
  };
}
