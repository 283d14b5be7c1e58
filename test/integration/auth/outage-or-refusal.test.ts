// Issue 21, item 4: say the right thing when HelseID fails. An outage (a 503 at the token endpoint,
// the key set's endpoint down) is "HelseID svarer ikke … prøv igjen om litt" — never "HelseID avviste
// forespørselen" or an ID token "that could not be verified, contact IT". A client HelseID refuses
// (401 invalid_client at PAR) is the opposite: no "Prøv igjen" (it cannot help), IT's finding for
// the details. Real emulator, its fault knobs; the browser is plain fetch following redirects.
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { itDetails } from '../../../src/shared/errors/it-details.ts';
import { canTryAgain } from '../../../src/shared/errors/try-again.ts';
import {
  KARI,
  redirectFollowingBrowser,
  useConfiguredEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';

let env: AuthEnvironment;
let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ env, config } = started));

async function loginFailure(c: HelseIdConfig = config): Promise<AppError> {
  const helseId = createHelseIdClient({ config: c, openExternal: redirectFollowingBrowser().openExternal });
  const err = await helseId.login({ testPid: KARI }).then(
    () => undefined,
    (e: unknown) => e,
  );
  await helseId.close();
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('an outage is said as one', () => {
  it('tokenEndpoint503_atCodeRedemption_isHelseIdNotResponding_retriable_notARefusal', async () => {
    env.faults.set({ endpoints: { token: { status: 503 } } });
    const err = await loginFailure();
    expect(err).toMatchObject({
      code: 'authority-unreachable',
      retriable: true,
      detail: { operation: 'code', status: 503 },
    });
    expect(canTryAgain(err.code)).toBe(true);
    expect(errorText(err.code, 'nb').title).toBe('HelseID svarer ikke');
  });

  it('jwksEndpointDown_whenTheIdTokenIsChecked_isHelseIdNotResponding_notAnIdTokenThatFailsToVerify', async () => {
    // a fresh client has no keys yet (no prepare()): the login fetches them, and the endpoint is down
    env.faults.set({ endpoints: { jwks: { status: 503 } } });
    const err = await loginFailure();
    expect(err).toMatchObject({
      code: 'authority-unreachable',
      retriable: true,
      detail: { operation: 'jwks', status: 503 },
    });
    expect(canTryAgain(err.code)).toBe(true);
  });

  it('jwksEndpointDroppingConnections_isHelseIdNotResponding_too', async () => {
    env.faults.set({ endpoints: { jwks: { drop: true } } });
    expect(await loginFailure()).toMatchObject({ code: 'authority-unreachable', detail: { operation: 'jwks' } });
  });
});

describe('a refused client is said as one', () => {
  it('par401InvalidClient_isClientNotAccepted_noTryAgain_andItsDetailsNameTheClientForIt', async () => {
    const err = await loginFailure({
      ...config,
      client: { ...config.client, client_id: 'a-client-helseid-does-not-know' },
    });
    expect(err).toMatchObject({
      code: 'client-not-accepted',
      retriable: false,
      detail: {
        operation: 'par',
        error: 'invalid_client',
        status: 401,
        finding: 'client-refused',
        client: 'a-client-helseid-does-not-know',
      },
    });
    expect(canTryAgain(err.code)).toBe(false);
    // the clinician: trying again will not help; IT: doctor's finding, naming the client
    expect(errorText(err.code, 'nb').what).toMatch(/å prøve igjen hjelper ikke/);
    const forIt = Object.fromEntries(itDetails(err.toData(), 'nb').map((l) => [l.key, l.text]));
    expect(forIt['finding']).toBe(
      'HelseID avviser klienten: HelseID svarer, men godtar ikke denne klienten (a-client-helseid-does-not-know).',
    );
  });
});
