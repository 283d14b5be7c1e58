// A client key the app cannot use: the clinician reads the error table's words, IT reads under
// "Detaljer for IT" exactly what `doctor` would say — which file, what is wrong with it, the fix,
// the rule, what to run — in the same language, and never the key itself.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importClientKey, readClientJwk } from '../../../src/main/keys/client-key.ts';
import { failureLines } from '../../../src/main/cli/failure.ts';
import { checkClientKey } from '../../../src/main/diagnostics/client-key-check.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { itDetails } from '../../../src/shared/errors/it-details.ts';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'helseid-it-details-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** what loading the key from `file` refuses with, as the window would receive it */
async function refusalFor(file: string): Promise<AppError> {
  const err = await readClientJwk(file)
    .then((jwk) => importClientKey(jwk, file))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function keyFile(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  await chmod(file, 0o600);
  return file;
}

describe('a client key the app cannot use', () => {
  it('missingKeyFile_theWindowsItDetailsNameTheFileTheFindingTheFixAndTheCommand', async () => {
    const file = path.join(dir, 'absent.jwk.json');
    const err = await refusalFor(file);
    expect(err.toData()).toMatchObject({ code: 'client-key-invalid', detail: { file, finding: 'client-key-missing' } });
    const nb = Object.fromEntries(itDetails(err.toData(), 'nb').map((l) => [l.key, `${l.label}: ${l.text}`]));
    expect(nb).toEqual({
      finding: `Funn: Klientnøkkelen mangler: Nøkkelfilen ${file} finnes ikke. Uten den kan ingen logge inn.`,
      todo: 'Dette gjør IT: Legg nøkkelfilen på plass, eller rett client.private_jwk_path i oppsettet.',
      file: `Fil: ${file}`,
      run: 'Kjør: helseid-desktop doctor (hele feilsøkingsrapporten, med alle funn)',
      code: 'Feilkode: client-key-invalid (client-key-missing)',
    });
    // the clinician's words say what it means for them, not which file
    const person = errorText('client-key-invalid', 'nb', err.detail);
    expect(person.title).toBe('Innlogging er ikke satt opp på denne maskinen');
    expect(`${person.what} ${person.todo}`).not.toContain(file);
  });

  it('eachKeyFileProblem_isTheSameFindingDoctorReports', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const cases = [
      await keyFile('garbage.jwk.json', '{"kty": "EC", "d": '),
      await keyFile('public.jwk.json', JSON.stringify({ ...(await exportJWK(publicKey)), alg: 'ES256' })),
      await keyFile(
        'not-a-key.jwk.json',
        JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', d: 'AAAA', alg: 'ES256' }),
      ),
      path.join(dir, 'absent.jwk.json'),
    ];
    for (const file of cases) {
      const err = await refusalFor(file);
      expect({ file, finding: err.detail?.['finding'] }).toEqual({
        file,
        finding: (await checkClientKey(file)).problem,
      });
    }
    // and a good key loads (so the cases above fail for their own reason)
    const good = await keyFile('good.jwk.json', JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'ES256' }));
    await expect(readClientJwk(good).then((jwk) => importClientKey(jwk, good))).resolves.toBeDefined();
  });

  it('aBrokenKeyFile_neverPutsTheKeyIntoTheDetails_onlyWhatIsWrongWithIt', async () => {
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA';
    const file = await keyFile('broken-secret.jwk.json', `{"kty": "EC", "d": "${secret}", `);
    const err = await refusalFor(file);
    const shown = JSON.stringify([
      itDetails(err.toData(), 'nb'),
      itDetails(err.toData(), 'en'),
      err.toData(),
      failureLines(err, 'nb'),
    ]);
    expect(shown).not.toContain(secret);
    expect(itDetails(err.toData(), 'en').map((l) => l.text)).toContain(
      'expected a private RSA or EC JWK with a supported alg',
    );
    expect(itDetails(err.toData(), 'nb').map((l) => l.text)).toContain(
      'forventet en privat RSA- eller EC-nøkkel (JWK) med en støttet alg',
    );
  });

  it('theCommandLine_printsTheSameFindingAndFix_inItsLanguage', async () => {
    const file = path.join(dir, 'absent.jwk.json');
    const lines = failureLines(await refusalFor(file), 'en');
    expect(lines).toContain(
      `Finding: Client key missing: The key file ${file} does not exist. Without it nobody can log in.`,
    );
    expect(lines).toContain(
      'What IT does: Put the key file in place, or correct client.private_jwk_path in the configuration.',
    );
  });

  it('anErrorWithNothingMoreForIt_hasNoDetailsPart', () => {
    expect(itDetails({ code: 'card-pin-locked' }, 'nb')).toEqual([]);
    // a developer's English note in `problem` is not a configuration rule: it stays in the logs
    expect(itDetails({ code: 'api-unknown', detail: { api: 'x', problem: 'not a machine API' } }, 'nb')).toEqual([]);
  });
});
