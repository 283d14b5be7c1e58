// The emulated Kjernejournal Innlogging API and portal, driven by a client written from NHN's
// documents and reference client (kjernejournal-innlogging-klient: jti = Base64URL of a UUID string,
// claims with `authority`/`assigner`, hentpasient.html?code=…&ehr_code_verifier=…), and by requests
// that break one documented rule each. Every refusal is RFC 7807 problem details that names the
// rule and never echoes the patient.
import { createHash, randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KJERNEJOURNAL } from '../../authority/settings.ts';
import { CookieBrowser } from './support/browser.ts';
import {
  clinician as clinicianOf,
  createBody as createBodyOf,
  innloggingCall,
  type CallOptions,
  type Clinician,
  type ClinicianOptions,
} from './support/kjernejournal-client.ts';
import { startTestEnvironment, type TestEnvironment } from './support/test-environment.ts';

const PATIENT = '05076600343';
const OTHER_PATIENT = '17089012325';

let env: TestEnvironment;
let innlogging: string;
let portal: string;

beforeAll(async () => {
  env = await startTestEnvironment();
  ({ innlogging_url: innlogging, portal_url: portal } = env.info.portals.kjernejournal);
});
afterAll(() => env?.stop());
afterEach(() => {
  env.faults.reset();
  env.kjernejournal.set({ idleSeconds: 600, codeLifetimeSeconds: 60 });
});

const clinician = (o: ClinicianOptions = {}) => clinicianOf(env.info, PATIENT, o);
const createBody = (challenge: string, patient = PATIENT, o: { basis?: string; authorization?: string } = {}) =>
  createBodyOf(challenge, patient, o);

async function call(who: Clinician, operation: string, body: unknown, o: CallOptions = {}) {
  const res = await innloggingCall(innlogging, who, operation, body, o);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    challenge: res.headers.get('www-authenticate') ?? '',
    text,
    json: JSON.parse(text || 'null') as Record<string, unknown>,
  };
}

async function created(who: Clinician, patient = PATIENT) {
  const verifier = client.randomPKCECodeVerifier();
  const challenge = await client.calculatePKCECodeChallenge(verifier);
  const answer = await call(who, 'create', createBody(challenge, patient));
  expect(answer.status, answer.text).toBe(200);
  return { verifier, code: answer.json.code as string, sessionId: answer.json.sessionId as string };
}

const launch = (code: string, verifier: string, codeName = 'code') =>
  `${portal}/hentpasient.html?${codeName}=${encodeURIComponent(code)}&ehr_code_verifier=${encodeURIComponent(verifier)}`;

function expectProblem(answer: Awaited<ReturnType<typeof call>>, status: number, rule: RegExp) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.json).toMatchObject({ status, detail: expect.stringMatching(rule) });
  expect(answer.text).not.toContain(PATIENT);
  expect(answer.text).not.toContain(OTHER_PATIENT);
}

describe('Kjernejournal Innlogging, as NHN documents it', () => {
  it('referenceClient_createsASession_andThePortalShowsThePatientAndTheClinician', async () => {
    const who = await clinician();
    const { verifier, code, sessionId } = await created(who);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const browser = new CookieBrowser();
    const page = await browser.visit(launch(code, verifier), 'never:');
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-state="patient-open"');
    expect(page.body).toContain(PATIENT);
    expect(page.body).toContain('Kari Nordmann (HPR 9144900)');
    // the session is refreshed and ended by its id; then the page says so
    expect((await call(who, 'refresh', { sessionId })).status).toBe(200);
    expect((await call(who, 'end', { sessionId })).status).toBe(200);
    const after = await browser.visit(page.url, 'never:');
    expect(after.status).toBe(410);
    expect(after.body).toContain('Sesjonen er avsluttet');
    expect(env.kjernejournal.sessions().find((s) => s.sessionId === sessionId)).toMatchObject({
      status: 'ended',
      refreshes: 1,
      codeUsed: true,
      patientMasked: '050766*****',
    });
  });

  it('theTillitsrammeverkDiagramsName_otc_isTakenForTheCode', async () => {
    const who = await clinician();
    const { verifier, code } = await created(who);
    const page = await new CookieBrowser().visit(launch(code, verifier, 'otc'), 'never:');
    expect(page.body).toContain('data-state="patient-open"');
  });

  it('anAttestWithoutAPatientIdentifier_asTheReferenceClientSendsIt_isTaken', async () => {
    const who = await clinician({ patient: undefined });
    await created(who);
  });

  it('aDNumberPatient_isTaken', async () => {
    const dNumber = '44057712330';
    const who = await clinician({ patient: dNumber });
    const verifier = client.randomPKCECodeVerifier();
    const body = createBody(await client.calculatePKCECodeChallenge(verifier), dNumber);
    body.claims.patient_identifier.system = 'urn:oid:2.16.578.1.12.4.1.4.2';
    expect((await call(who, 'create', body)).status).toBe(200);
  });
});

describe('refusals: headers and proof', () => {
  let who: Clinician;
  let body: ReturnType<typeof createBody>;
  beforeAll(async () => {
    who = await clinician();
    body = createBody(await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()));
  });

  it.each([
    ['X-SOURCE-SYSTEM missing', { 'x-source-system': undefined }, /X-SOURCE-SYSTEM is required/],
    ['X-SOURCE-SYSTEM with a slash', { 'x-source-system': 'EPJ/2.1' }, /X-SOURCE-SYSTEM must be 3–512/],
    ['X-SOURCE-SYSTEM of two characters', { 'x-source-system': 'EP' }, /X-SOURCE-SYSTEM must be 3–512/],
    ['X-SOURCE-SYSTEM of 513 characters', { 'x-source-system': 'E'.repeat(513) }, /X-SOURCE-SYSTEM must be 3–512/],
    ['X-EVENT-ID with an underscore', { 'x-event-id': 'event_1' }, /X-EVENT-ID must be at most 128/],
    ['X-EVENT-ID of 129 characters', { 'x-event-id': 'a'.repeat(129) }, /X-EVENT-ID must be at most 128/],
  ])('%s: 400 naming the rule', async (_what, headers, rule) => {
    expectProblem(await call(who, 'create', body, { headers }), 400, rule);
  });

  it('aSourceSystemOfLettersDigitsAndTheAllowedMarks_andAGoodEventId_areTaken', async () => {
    const fine = await call(who, 'create', body, {
      headers: { 'x-source-system': 'Min EPJ (Ålesund), v2.1-3', 'x-event-id': randomUUID() },
    });
    expect(fine.status, fine.text).toBe(200);
  });

  it('aProofJtiShorterThan96Bits_is401InvalidDpopProof', async () => {
    const answer = await call(who, 'create', body, { jti: 'c2hvcnQtanRp' }); // 12 characters: 72 bits
    expectProblem(answer, 401, /jti must be the base64url encoding of at least 96 random bits/);
    expect(answer.challenge).toContain('error="invalid_dpop_proof"');
  });

  it('aProofWithoutAth_is401_asTheDocumentsWantIt', async () => {
    const answer = await call(who, 'create', body, { withoutAth: true });
    expectProblem(answer, 401, /ath/);
  });

  it('theBearerScheme_is401_theTokenIsDpopBound', async () => {
    expectProblem(await call(who, 'create', body, { scheme: 'Bearer' }), 401, /DPoP/);
  });
});

describe('refusals: the token', () => {
  it('aTokenForAnotherAudience_is401', async () => {
    const person = env.api('person');
    const who = await clinician({ resource: person.resource, scope: person.scopes.join(' ') });
    const answer = await call(who, 'create', createBody(await client.calculatePKCECodeChallenge('x'.repeat(43))));
    expectProblem(answer, 401, /aud/);
    expect(answer.challenge).toContain('error="invalid_token"');
  });

  it('aTokenWithoutTheTillitsrammeverkScope_is403InsufficientScope', async () => {
    env.faults.set({ rejectScopes: [KJERNEJOURNAL.tillitsrammeverkScope] });
    const who = await clinician();
    const answer = await call(who, 'create', createBody(await client.calculatePKCECodeChallenge('x'.repeat(43))));
    expectProblem(answer, 403, /nhn:kjernejournal\/tillitsrammeverk/);
    expect(answer.challenge).toContain('error="insufficient_scope"');
  });

  it('aTokenWithoutAnAttest_is403', async () => {
    const who = await clinician({ attest: null });
    const answer = await call(who, 'create', createBody(await client.calculatePKCECodeChallenge('x'.repeat(43))));
    expectProblem(answer, 403, /carries no Tillitsrammeverk parameters/);
  });
});

describe('refusals: the claims and the session', () => {
  it('claimsForAnotherPatient_thanTheTokensAttest_is403', async () => {
    const who = await clinician({ patient: PATIENT });
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    expectProblem(
      await call(who, 'create', createBody(challenge, OTHER_PATIENT)),
      403,
      /claims\.patient_identifier is not the patient in the access token/,
    );
  });

  it('anAuthorizationOtherThanTheAttests_is403', async () => {
    const who = await clinician();
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    expectProblem(
      await call(who, 'create', createBody(challenge, PATIENT, { authorization: 'SP' })),
      403,
      /claims\.practitioner_authorization is not the authorization/,
    );
  });

  it('aBodyBreakingTheRules_is400_namingEachField_neverTheValue', async () => {
    const who = await clinician();
    const body = createBody('too-short', '05076600344', { basis: 'NØD' }); // wrong check digit
    const answer = await call(who, 'create', body);
    expectProblem(answer, 400, /ehr_code_challenge/);
    expect(Object.keys(answer.json.errors as object).sort()).toEqual([
      'claims.access_basis.code',
      'claims.patient_identifier.id',
      'ehr_code_challenge',
    ]);
    expect(answer.text).not.toContain('05076600344');
  });

  it('refreshAndEnd_ofAnUnknownSession_orAnotherClinicians_are404', async () => {
    const kari = await clinician();
    const { sessionId } = await created(kari);
    const ola = await clinician({ pid: '02857199823' });
    expectProblem(await call(ola, 'refresh', { sessionId }), 404, /no session with this sessionId/);
    expectProblem(await call(ola, 'end', { sessionId }), 404, /no session with this sessionId/);
    expectProblem(await call(kari, 'refresh', { sessionId: randomUUID() }), 404, /no session/);
  });

  it('anEndedSession_refusesRefreshAndEnd_with410', async () => {
    const who = await clinician();
    const { sessionId } = await created(who);
    expect((await call(who, 'end', { sessionId })).status).toBe(200);
    expectProblem(await call(who, 'refresh', { sessionId }), 410, /has been ended/);
    expectProblem(await call(who, 'end', { sessionId }), 410, /has been ended/);
  });

  it('aSessionNotRefreshedWithinItsIdleTime_expires', async () => {
    env.kjernejournal.set({ idleSeconds: 1 });
    const who = await clinician();
    const { sessionId, code, verifier } = await created(who);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expectProblem(await call(who, 'refresh', { sessionId }), 410, /expired/);
    const page = await new CookieBrowser().visit(launch(code, verifier), 'never:');
    expect(page.body).toContain('Sesjonen er avsluttet');
  });

  it('aRefreshWithATokenForAnotherPatient_is403', async () => {
    const who = await clinician({ patient: PATIENT });
    const { sessionId } = await created(who);
    const other = await clinician({ patient: OTHER_PATIENT });
    expectProblem(await call(other, 'refresh', { sessionId }), 403, /not the patient/);
  });
});

describe('refusals at the portal', () => {
  it('aCodeUsedOnce_isRefusedTheSecondTime', async () => {
    const { code, verifier } = await created(await clinician());
    expect((await new CookieBrowser().visit(launch(code, verifier), 'never:')).status).toBe(200);
    const again = await new CookieBrowser().visit(launch(code, verifier), 'never:');
    expect(again.status).toBe(400);
    expect(again.body).toContain('Koden er allerede brukt');
  });

  it('aWrongVerifier_isRefused_andUsesTheCodeUp', async () => {
    const { code, verifier } = await created(await clinician());
    const wrong = await new CookieBrowser().visit(launch(code, client.randomPKCECodeVerifier()), 'never:');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('ehr_code_verifier stemmer ikke');
    // whoever had the code without the verifier has spent it: the right verifier now finds it used
    const right = await new CookieBrowser().visit(launch(code, verifier), 'never:');
    expect(right.body).toContain('Koden er allerede brukt');
  });

  it('aCodeAfterItsLifetime_isRefused', async () => {
    env.kjernejournal.set({ codeLifetimeSeconds: 0 });
    const { code, verifier } = await created(await clinician());
    const late = await new CookieBrowser().visit(launch(code, verifier), 'never:');
    expect(late.body).toContain('Koden er utløpt');
  });

  it('thePatientsPage_withoutTheBrowsersCookie_isRefused', async () => {
    const { code, verifier } = await created(await clinician());
    const page = await new CookieBrowser().visit(launch(code, verifier), 'never:');
    const stranger = await fetch(page.url);
    expect(stranger.status).toBe(403);
    expect(await stranger.text()).not.toContain(PATIENT);
  });
});

it('theLaunchUrl_carriesTheVerifier_whoseS256IsTheChallenge', () => {
  // the portal's check, restated: BASE64URL(SHA256(verifier)) = challenge (RFC 7636 §4.6)
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  expect(createHash('sha256').update(verifier).digest('base64url')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});
