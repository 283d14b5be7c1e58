// `helseid-desktop kjernejournal --patient … --basis …`: for IT to test a workstation's Kjernejournal
// hand-off. Logs in as `login` does, opens the patient in the browser the login used (through the
// one-time hand-off page: the portal's address with its code and verifier reaches that browser only),
// keeps the portal session alive — refreshed after every new token — until Ctrl-C or --hold seconds,
// then ends it and logs out. Prints what happened; never the code, the verifier or the patient's
// number (only masked).
import { AppError } from '../../../shared/errors/app-error.ts';
import type { Language } from '../../../shared/errors/error-texts.ts';
import { nationalIdKind } from '../../../shared/national-id.ts';
import { ACCESS_BASES, type AccessBasis } from '../../../shared/portal-types.ts';
import { createKjernejournalPortal } from '../../portals/kjernejournal-portal.ts';
import { appVersion } from '../app-version.ts';
import { cliLogin } from '../cli-login.ts';
import { printJson, type CommandContext } from '../context.ts';
import { UsageError } from '../usage.ts';

const WORDS = {
  nb: {
    loggedIn: (name: string, hpr: string | undefined) => `Logget inn: ${name}${hpr ? ` (HPR ${hpr})` : ''}`,
    opening: 'Kjernejournal: oppretter økten og åpner pasienten i nettleseren …',
    opened: (patient: string, basis: string, authorization: string) =>
      `Kjernejournal: pasient ${patient} er åpnet i nettleseren (grunnlag ${basis}, autorisasjon ${authorization}).`,
    holding: 'Økten holdes i live og fornyes med hvert nye token. Trykk Ctrl-C for å lukke pasienten og logge ut.',
    holdingFor: (seconds: number) => `Økten holdes i live i ${seconds} s.`,
    ended: 'Kjernejournal: økten er avsluttet. Du er logget ut.',
  },
  en: {
    loggedIn: (name: string, hpr: string | undefined) => `Logged in: ${name}${hpr ? ` (HPR ${hpr})` : ''}`,
    opening: 'Kjernejournal: creating the session and opening the patient in the browser …',
    opened: (patient: string, basis: string, authorization: string) =>
      `Kjernejournal: patient ${patient} is open in the browser (basis ${basis}, authorization ${authorization}).`,
    holding:
      'The session is kept alive and refreshed with every new token. Press Ctrl-C to close the patient and log out.',
    holdingFor: (seconds: number) => `The session is kept alive for ${seconds} s.`,
    ended: 'Kjernejournal: the session has ended. You are logged out.',
  },
} as const satisfies Record<Language, unknown>;

function basisOf(value: unknown): AccessBasis {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  if ((ACCESS_BASES as readonly string[]).includes(upper)) return upper as AccessBasis;
  throw new UsageError(`--basis must be one of ${ACCESS_BASES.join(', ')}`, 'kjernejournal');
}

function holdOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400)
    throw new UsageError('--hold must be a whole number of seconds, 0–86400', 'kjernejournal');
  return seconds;
}

/** Until Ctrl-C, or `seconds` when given. */
function hold(signal: AbortSignal, seconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = seconds === undefined ? undefined : setTimeout(resolve, seconds * 1000);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export async function kjernejournalCommand(ctx: CommandContext): Promise<number> {
  const { io, language, note } = ctx;
  const w = WORDS[language];
  const patient = ctx.options['patient'];
  if (typeof patient !== 'string') throw new UsageError('--patient is required', 'kjernejournal');
  const basis = basisOf(ctx.options['basis']);
  const authorization = ctx.options['authorization'] as string | undefined;
  const seconds = holdOf(ctx.options['hold']);
  // checked before anyone logs in; the error names what is wrong, never the number
  const checked = nationalIdKind(patient);
  if ('problem' in checked) throw new AppError('portal-patient-invalid', { detail: { problem: checked.problem } });

  const run = cliLogin(ctx, 'kjernejournal');
  try {
    const { config, client, user, openExternal, binding } = await run.login();
    if (config.portals.kjernejournal === undefined) throw new AppError('portal-not-configured');
    note(w.loggedIn(user.name, user.hprNumber));
    const portal = createKjernejournalPortal({
      config,
      tokens: client.portals,
      hprAuthorizations: () => client.hprAuthorizations(),
      // the binding the login above set in the browser (in memory, for this command's life)
      binding,
      openExternal,
      appVersion: appVersion(),
    });
    note(w.opening);
    await portal.open({ patient, basis, authorization, language });
    const state = portal.state();
    note(w.opened(state.patientMasked!, basis, state.authorization!));
    note(seconds === undefined ? w.holding : w.holdingFor(seconds));
    await hold(ctx.signal, seconds);
    await portal.close();
    await client.logout({ endSessionInBrowser: false });
    await portal.settled();
    if (ctx.json)
      printJson(io, {
        user: { name: user.name, ...(user.hprNumber ? { hprNumber: user.hprNumber } : {}) },
        portal: {
          name: 'kjernejournal',
          patient: state.patientMasked,
          basis,
          authorization: state.authorization,
          opened: true,
          ended: true,
        },
      });
    else io.stdout.write(`${w.ended}\n`);
    return 0;
  } catch (err) {
    throw await run.explain(err);
  } finally {
    await run.finish();
  }
}
