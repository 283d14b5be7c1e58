// The `provisioning` block of the machine configuration: instead of a client made by hand, the app
// creates its own HelseID client through NHN's Selvbetjening API (Selvbetjening.Samples,
// Docs/Tykklienter.md "Alternativ 1"), keeps the private key in a key store and renews it itself.
// Kept apart from config-schema.ts (which imports this) so that file stays about the login.
import { z } from 'zod';
import { serviceUrl, text } from './url-rules.ts';

/** NHN's Selvbetjening per HelseID environment (HELSEID.md "Provisioning and key renewal"). */
export const KNOWN_SELVBETJENING = {
  test: { api_url: 'https://api.selvbetjening.test.nhn.no', web_url: 'https://selvbetjening.test.nhn.no' },
  prod: { api_url: 'https://api.selvbetjening.nhn.no', web_url: 'https://selvbetjening.nhn.no' },
} as const;

const orgNumber = z
  .string({ error: 'expected a 9-digit organization number' })
  .regex(/^\d{9}$/, { error: 'expected a 9-digit organization number' });
const selvbetjening = z
  .strictObject(
    {
      kind: z.enum(['test', 'prod', 'embedded', 'custom'], {
        error: 'expected "test", "prod", "embedded" or "custom"',
      }),
      /** the API (client drafts, client status, client secret); known for test and prod */
      api_url: serviceUrl.optional(),
      /** the web UI where a person confirms the client; known for test and prod */
      web_url: serviceUrl.optional(),
    },
    { error: 'expected {"kind": …}' },
  )
  .refine((s) => s.kind === 'test' || s.kind === 'prod' || (s.api_url !== undefined && s.web_url !== undefined), {
    error: 'expected "api_url" and "web_url" for an embedded or custom Selvbetjening',
    path: ['api_url'],
  })
  .refine(
    (s) =>
      !(s.kind === 'test' || s.kind === 'prod') ||
      [s.api_url, s.web_url].every(
        (u, i) =>
          u === undefined || u.replace(/\/$/, '') === Object.values(KNOWN_SELVBETJENING[s.kind as 'test' | 'prod'])[i],
      ),
    {
      error: 'expected the URLs of that Selvbetjening (or leave api_url and web_url out)',
      path: ['api_url'],
    },
  )
  .transform((s) => {
    const known = s.kind === 'test' || s.kind === 'prod' ? KNOWN_SELVBETJENING[s.kind] : undefined;
    return {
      kind: s.kind,
      api_url: (s.api_url ?? known!.api_url).replace(/\/$/, ''),
      web_url: (s.web_url ?? known!.web_url).replace(/\/$/, ''),
    };
  });

const keyStore = z
  .strictObject(
    {
      /**
       * "os": the OS protects the key for the logged-in account (DPAPI, Keychain, libsecret through
       * Electron's safeStorage). "file": a file only its owner may read (plain Node, the CLI; or IT's own
       * protection of a machine-wide folder).
       */
      protection: z.enum(['os', 'file'], { error: 'expected "os" or "file"' }).default('os'),
      /**
       * "account": one client per OS account (each account sets the workstation up once; DPAPI keys are
       * per account anyway). "installation": one client for the machine, its key in a machine-wide
       * folder that IT protects — only with protection "file".
       */
      scope: z.enum(['account', 'installation'], { error: 'expected "account" or "installation"' }).default('account'),
      /** the folder holding the key; default per OS and scope (README, "Setting up a workstation") */
      folder: text.optional(),
      /** Linux without a keyring: Electron falls back to a hard-coded key ("basic_text"). Refused unless true. */
      allow_basic_text: z.boolean({ error: 'expected true or false' }).default(false),
    },
    { error: 'expected {"protection", "scope", "folder", "allow_basic_text"}' },
  )
  .refine((k) => !(k.scope === 'installation' && k.protection === 'os'), {
    error: 'expected protection "file" with scope "installation" (OS protection is per account)',
    path: ['protection'],
  });

const renewal = z.strictObject(
  {
    /** renew when this many days are left … */
    days_left: z
      .number({ error: 'expected a number of days' })
      .positive({ error: 'expected more than 0 days' })
      .max(365, { error: 'expected at most 365 days' })
      .default(30),
    /** … or this share of the key's life, whichever comes first (NHN's key lifetime is not documented) */
    share_left: z
      .number({ error: 'expected a share between 0 and 1' })
      .gt(0, { error: 'expected a share between 0 and 1' })
      .lt(1, { error: 'expected a share between 0 and 1' })
      .default(1 / 3),
    /** first retry after a failed renewal; doubles up to an hour */
    retry_seconds: z
      .int({ error: 'expected a whole number of seconds' })
      .min(1, { error: 'expected 1–3600 seconds' })
      .max(3600, { error: 'expected 1–3600 seconds' })
      .default(60),
  },
  { error: 'expected {"days_left", "share_left", "retry_seconds"}' },
);

export const provisioningSchema = z.strictObject(
  {
    selvbetjening,
    /** the client system's API key from Selvbetjening ("Automatisering"), shipped by the vendor: a file path, never the key */
    api_key_path: text,
    /** the organization the client belongs to (the person confirming needs Altinn roles for it) */
    organization_number: orgNumber,
    child_organization_numbers: z
      .array(orgNumber, { error: 'expected a list of 9-digit organization numbers' })
      .default([]),
    key_store: keyStore.default({ protection: 'os', scope: 'account', allow_basic_text: false }),
    renewal: renewal.default({ days_left: 30, share_left: 1 / 3, retry_seconds: 60 }),
    /** how long the person has to confirm in the browser */
    confirmation_timeout_seconds: z
      .int({ error: 'expected a whole number of seconds' })
      .min(30, { error: 'expected 30–3600 seconds' })
      .max(3600, { error: 'expected 30–3600 seconds' })
      .default(900),
    /** how long to wait for HelseID to know the new client (NHN's sample waits 20 s) */
    ready_timeout_seconds: z
      .int({ error: 'expected a whole number of seconds' })
      .min(1, { error: 'expected 1–3600 seconds' })
      .max(3600, { error: 'expected 1–3600 seconds' })
      .default(180),
  },
  { error: 'expected {"selvbetjening", "api_key_path", "organization_number", …}' },
);

export type ProvisioningConfig = z.output<typeof provisioningSchema>;

export function selvbetjeningMatchesAuthority(
  provisioning: ProvisioningConfig | undefined,
  authorityKind: string,
): boolean {
  if (provisioning === undefined) return true;
  const kind = provisioning.selvbetjening.kind;
  if (kind === 'test') return authorityKind === 'helseid-test';
  if (kind === 'prod') return authorityKind === 'helseid-prod';
  return true;
}
