// Every refusal the Kjernejournal Innlogging documents name, met by the app against the emulator
// (strict rules), with the words the clinician reads and what IT reads under "Detaljer for IT".
// Where the app cannot be made to send the broken request (a short jti: openid-client's proofs carry
// 256 bits), a client written from NHN's documents sends it and the app's own answer mapping reads
// the emulator's real refusal. A used code and a wrong verifier are refused at the portal, in the
// browser: test/authority/kjernejournal-innlogging.test.ts and the hostile-launch test cover them.
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import { KJERNEJOURNAL } from '../../../authority/settings.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { configFromEnvironmentInfo } from '../../../src/main/config/index.ts';
import { innloggingRefusal } from '../../../src/main/portals/innlogging-answer.ts';
import {
  createSessionRequest,
  endSessionRequest,
  refreshSessionRequest,
  type InnloggingConnection,
} from '../../../src/main/portals/innlogging-api.ts';
import { innloggingClaims, patientTrustFramework } from '../../../src/main/portals/patient-claims.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { itDetails } from '../../../src/shared/errors/it-details.ts';
import { clinician, createBody, innloggingCall } from '../../authority/support/kjernejournal-client.ts';
import { startCardEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';
import { KARI_CARD, PATIENT_A, PATIENT_B, portalClient } from './support/portal-harness.ts';

let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config, cards } = await startCardEnvironment());
});
afterAll(() => env?.stop());
afterEach(() => {
  env.faults.reset();
  env.kjernejournal.set({ idleSeconds: 600 });
});

const kari = (withConfig: HelseIdConfig = config) =>
  portalClient(withConfig, { card: { info: env.info, cards, label: KARI_CARD } });
const choiceOf = (patient: string) => ({ patient, kind: 'fnr', authorization: 'LE', basis: 'SAMTYKKE' }) as const;

/** The words the clinician reads in both languages, and IT's line with Kjernejournal's own rule. */
function expectWords(err: unknown, code: string, rule?: RegExp) {
  expect(err).toBeInstanceOf(AppError);
  const error = err as AppError;
  expect(error.code).toBe(code);
  expect(errorText(code, 'nb').title).not.toBe(errorText('internal', 'nb').title);
  expect(errorText(code, 'en').title).not.toBe(errorText('internal', 'en').title);
  if (rule) {
    const forIt = itDetails(error.toData(), 'nb');
    expect(forIt.find((l) => l.key === 'portal')).toMatchObject({
      label: 'Kjernejournal sier',
      text: expect.stringMatching(rule),
    });
  }
  // nothing of the patient in what crosses to the window or a log
  expect(JSON.stringify(error.toData())).not.toMatch(/\d{11}/);
}

/** A logged-in client whose portal token names `patient`, and the app's connection to Innlogging. */
async function withToken(patient: string, change: Partial<InnloggingConnection> = {}) {
  const c = kari();
  await c.login();
  await c.helseId.portals.open('kjernejournal', patientTrustFramework(config, choiceOf(patient)));
  const connection: InnloggingConnection = {
    baseUrl: config.portals.kjernejournal!.innlogging_url,
    sourceSystem: 'HelseID Desktop (test)',
    request: (url, body, headers) => c.helseId.portals.request('kjernejournal', url, body, headers),
    ...change,
  };
  return { ...c, connection };
}

const challenge = () => oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());

describe('refusals the app meets, in its own words', () => {
  it('wrongAudience_isPortalTokenRefused', async () => {
    const person = env.info.apis.find((a) => a.name === 'person')!;
    const wrong = configFromEnvironmentInfo(env.info, {
      apis: env.info.apis
        .filter((a) => a.name !== 'person')
        .map((a) => ({ name: a.name, resource: a.resource, scopes: a.scopes, base_url: a.url })),
      portals: {
        kjernejournal: { ...env.info.portals.kjernejournal, resource: person.resource, scopes: person.scopes },
      },
    });
    const { login, portal } = kari(wrong);
    await login();
    const err = await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' }).catch((e: unknown) => e);
    expectWords(err, 'portal-token-refused', /aud/);
    expect((err as AppError).detail).toMatchObject({ operation: 'create', status: 401, error: 'invalid_token' });
    expect(portal.state()).toEqual({ state: 'closed' });
  });

  it('missingTillitsrammeverkScope_isPortalScopeMissing', async () => {
    env.faults.set({ rejectScopes: [KJERNEJOURNAL.tillitsrammeverkScope] });
    const { login, portal } = kari();
    await login();
    const err = await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' }).catch((e: unknown) => e);
    expectWords(err, 'portal-scope-missing', /nhn:kjernejournal\/tillitsrammeverk/);
    expect((err as AppError).detail).toMatchObject({ status: 403, error: 'insufficient_scope' });
  });

  it('missingSourceSystemHeader_isPortalRequestRefused', async () => {
    const { connection } = await withToken(PATIENT_A, { sourceSystem: undefined });
    const err = await createSessionRequest(connection, await challenge(), innloggingClaims(choiceOf(PATIENT_A))).catch(
      (e: unknown) => e,
    );
    expectWords(err, 'portal-request-refused', /X-SOURCE-SYSTEM is required/);
  });

  it('invalidSourceSystemHeader_isPortalRequestRefused', async () => {
    const { connection } = await withToken(PATIENT_A, { sourceSystem: 'EPJ/2' });
    const err = await createSessionRequest(connection, await challenge(), innloggingClaims(choiceOf(PATIENT_A))).catch(
      (e: unknown) => e,
    );
    expectWords(err, 'portal-request-refused', /X-SOURCE-SYSTEM must be/);
  });

  it('invalidEventIdHeader_isPortalRequestRefused', async () => {
    const { connection } = await withToken(PATIENT_A);
    const broken: InnloggingConnection = {
      ...connection,
      request: (url, body, headers) => {
        headers.set('x-event-id', 'event_with_underscores');
        return connection.request(url, body, headers);
      },
    };
    const err = await createSessionRequest(broken, await challenge(), innloggingClaims(choiceOf(PATIENT_A))).catch(
      (e: unknown) => e,
    );
    expectWords(err, 'portal-request-refused', /X-EVENT-ID/);
  });

  it('shortProofJti_fromANhnDocumentsClient_isPortalTokenRefusedInTheAppsWords', async () => {
    const who = await clinician(env.info, PATIENT_A);
    const response = await innloggingCall(
      env.info.portals.kjernejournal.innlogging_url,
      who,
      'create',
      createBody(await challenge(), PATIENT_A),
      { jti: 'c2hvcnQtanRp' },
    );
    const err = await innloggingRefusal(response, 'create');
    expectWords(err, 'portal-token-refused', /jti/);
    expect(err.detail).toMatchObject({ status: 401, error: 'invalid_dpop_proof' });
  });

  it('patientMismatch_betweenTheTokenAndTheClaims_isPortalAccessDenied', async () => {
    const { connection } = await withToken(PATIENT_A);
    const err = await createSessionRequest(connection, await challenge(), innloggingClaims(choiceOf(PATIENT_B))).catch(
      (e: unknown) => e,
    );
    expectWords(err, 'portal-access-denied', /patient_identifier/);
  });

  it('endedSession_isPortalSessionEnded', async () => {
    const { connection } = await withToken(PATIENT_A);
    const { sessionId } = await createSessionRequest(
      connection,
      await challenge(),
      innloggingClaims(choiceOf(PATIENT_A)),
    );
    await endSessionRequest(connection, sessionId);
    const err = await refreshSessionRequest(connection, sessionId).catch((e: unknown) => e);
    expectWords(err, 'portal-session-ended', /ended/);
    expect((err as AppError).detail).toMatchObject({ operation: 'refresh', status: 410 });
  });

  it('aSessionThatRanOut_isSaidAtTheNextRenewal_andThePatientIsClosed', async () => {
    env.kjernejournal.set({ idleSeconds: 1 });
    const { login, portal, timers } = kari();
    await login();
    const failures: unknown[] = [];
    portal.onFailure((error) => failures.push(error));
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    timers.fireAll();
    await expect.poll(() => failures.length).toBe(1);
    expectWords(failures[0], 'portal-session-ended', /expired/);
    expect(portal.state()).toEqual({ state: 'closed' });
  });

  it('innloggingNotAnswering_isPortalUnreachable_andRetriable', async () => {
    env.faults.set({ endpoints: { kjernejournal: { drop: true } } });
    const { login, portal } = kari();
    await login();
    const err = await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' }).catch((e: unknown) => e);
    expectWords(err, 'portal-unreachable');
    expect((err as AppError).retriable).toBe(true);
  });

  it('innloggingAnswering503_isPortalError_andRetriable', async () => {
    env.faults.set({ endpoints: { kjernejournal: { status: 503 } } });
    const { login, portal } = kari();
    await login();
    const err = await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' }).catch((e: unknown) => e);
    expectWords(err, 'portal-error');
    expect((err as AppError).retriable).toBe(true);
  });
});
