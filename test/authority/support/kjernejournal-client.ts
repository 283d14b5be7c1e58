// A Kjernejournal Innlogging client written from NHN's documents and reference client
// (kjernejournal-innlogging-klient): a TestIdP login for nhn:kjernejournal whose code redemption
// carries the Tillitsrammeverk attest in the client assertion (HelseID's flow 2), and hand-made
// requests to the Innlogging API — so a test can send what the app never would (a short jti …).
import { randomUUID } from 'node:crypto';
import type { EnvironmentInfo } from '../../../authority/environment.ts';
import { KJERNEJOURNAL } from '../../../authority/settings.ts';
import { CookieBrowser } from './browser.ts';
import {
  CALLBACK,
  desktopClient,
  IDENTITY_SCOPES,
  pushLogin,
  redeemCode,
  type DesktopClient,
} from './desktop-client.ts';
import { KARI } from './logins.ts';
import { dpopProof } from './raw-requests.ts';

export const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
const ENH = 'urn:oid:2.16.578.1.12.4.1.4.101';

/** as NHN's reference client makes it: Base64URL.encode(UUID.randomUUID().toString()) */
export const referenceJti = () => Buffer.from(randomUUID()).toString('base64url');

/** The practitioner's Tillitsrammeverk attest, naming `patient` (undefined: as the reference client, no identifier). */
export function attest(patient: string | undefined, authorization = 'LE') {
  return {
    type: 'nhn:tillitsrammeverk:parameters',
    practitioner: {
      authorization: { code: authorization, system: 'urn:oid:2.16.578.1.12.4.1.1.9060' },
      legal_entity: { id: '912345678', system: ENH },
      point_of_care: { id: '912345678', system: ENH },
    },
    care_relationship: {
      purpose_of_use: { code: 'TREAT', system: 'urn:oid:2.16.840.1.113883.1.11.20448' },
      decision_ref: { id: randomUUID(), user_selected: true },
    },
    patients: [
      patient === undefined
        ? { point_of_care: { id: '912345678', system: ENH } }
        : { identifier: { id: patient, system: FNR_SYSTEM, authority: 'https://www.skatteetaten.no' } },
    ],
  };
}

export interface Clinician {
  readonly desktop: DesktopClient;
  readonly token: string;
}

export interface ClinicianOptions {
  /** the attest's patient (undefined: none named); default `defaultPatient` */
  readonly patient?: string | undefined;
  readonly pid?: string;
  readonly resource?: string;
  readonly scope?: string;
  /** null: no attest at all */
  readonly attest?: object | null;
}

export async function clinician(
  info: EnvironmentInfo,
  defaultPatient: string,
  o: ClinicianOptions = {},
): Promise<Clinician> {
  const details = o.attest === null ? undefined : (o.attest ?? attest('patient' in o ? o.patient : defaultPatient));
  const desktop = await desktopClient(info, details ? { assertion_details: [details] } : undefined);
  const resource = o.resource ?? KJERNEJOURNAL.resource;
  const pushed = await pushLogin(desktop, {
    resources: [resource],
    scope: `${IDENTITY_SCOPES} ${o.scope ?? `${KJERNEJOURNAL.innloggingScope} ${KJERNEJOURNAL.tillitsrammeverkScope}`}`,
    acrValues: 'idp:testidp-oidc',
    extra: { test_pid: o.pid ?? KARI },
  });
  const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
  const tokens = await redeemCode(desktop, pushed, stop.url, resource);
  return { desktop, token: tokens.access_token };
}

export interface CallOptions {
  readonly headers?: Record<string, string | undefined>;
  readonly jti?: string;
  readonly withoutAth?: boolean;
  readonly scheme?: string;
}

/** POST <innlogging>/api/session/<operation> as the reference client sends it, changed by `o`. */
export async function innloggingCall(
  innlogging: string,
  who: Clinician,
  operation: string,
  body: unknown,
  o: CallOptions = {},
): Promise<Response> {
  const url = `${innlogging}/api/session/${operation}`;
  const proof = await dpopProof(who.desktop.dpopKeys, 'POST', url, {
    jti: o.jti ?? referenceJti(),
    ...(o.withoutAth ? {} : { accessToken: who.token }),
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `${o.scheme ?? 'DPoP'} ${who.token}`,
    dpop: proof,
    'x-source-system': 'Kjernejournal EPJ, v0.1.0',
  };
  for (const [name, value] of Object.entries(o.headers ?? {}))
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** session/create's body as NHN's reference client sends it */
export function createBody(challenge: string, patient: string, o: { basis?: string; authorization?: string } = {}) {
  return {
    ehr_code_challenge: challenge,
    claims: {
      patient_identifier: { id: patient, system: FNR_SYSTEM, authority: 'https://www.skatteetaten.no' },
      practitioner_authorization: {
        code: o.authorization ?? 'LE',
        system: 'urn:oid:2.16.578.1.12.4.1.1.9060',
        assigner: 'https://www.helsedirektoratet.no/',
      },
      access_basis: { code: o.basis ?? 'SAMTYKKE', system: 'SYSTEM_GRUNNLAG', assigner: 'https://nhn.no' },
    },
  };
}
