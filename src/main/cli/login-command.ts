// `helseid-desktop login`: the app's login on the command line. Same HelseID client, same card
// service; the browser is chosen with --browser and the PIN comes from the terminal or stdin.
// The session ends (refresh token revoked) before the command exits.
import { isAppError, errorCode } from '../../shared/errors/app-error.ts';
import type { ApiTokenInfo } from '../../shared/session-types.ts';
import { userBrowserBinding } from '../auth/browser-binding.ts';
import { createHelseIdClient } from '../auth/helseid-client.ts';
import { cardBindingsFor } from '../auth/card-bindings.ts';
import type { CardHolder } from '../auth/login-acceptance.ts';
import { linkSignals } from '../auth/linked-signal.ts';
import type { CardService } from '../card/card-service.ts';
import { cliCardAuthenticator } from './card-authenticator.ts';
import { cardList, chooseCard } from './card-choice.ts';
import { cliCardService } from './card-setup.ts';
import { printJson, type CommandContext } from './context.ts';
import { CliFailure } from './failure.ts';
import { explainLoginFailure } from './login-failure.ts';
import { formatLoginResult, loginResult, pinStateText, stepText, type ApiCallOutcome } from './login-output.ts';
import { cliRunnableClient } from './installation-client.ts';
import { UsageError } from './usage.ts';
import { commandOpener, type FallbackOpener } from './url-fallback.ts';

/** how long the command waits for its follow browser to finish an end-session page before it stops it */
const END_SESSION_WAIT_MS = 10_000;

export async function loginCommand(ctx: CommandContext): Promise<number> {
  const { io, language, note } = ctx;
  const testPid = ctx.options['test-pid'] as string | undefined;
  const label = ctx.options['card'] as string | undefined;
  const pinFromStdin = ctx.options['pin-stdin'] === true;
  if (testPid !== undefined && !/^\d{11}$/.test(testPid))
    throw new UsageError('--test-pid must be an 11-digit national id number of a TestIdP person', 'login');
  if (testPid !== undefined && label !== undefined)
    throw new UsageError('--test-pid and --card exclude each other', 'login');
  if (testPid === undefined && !pinFromStdin && !io.stdin.isTTY)
    throw new UsageError('stdin is not a terminal, so the PIN cannot be asked for: pass --pin-stdin', 'login');
  if (pinFromStdin && ctx.options['env-json'] === '-')
    throw new UsageError('--pin-stdin and --env-json - both want stdin: give --env-json a file', 'login');

  const { config, softhsm2Conf, loadClientKey } = await cliRunnableClient(await ctx.resolveConfig(), io.env);
  if (testPid !== undefined && config.authority.kind === 'helseid-prod')
    throw new UsageError('--test-pid: the production authority has no TestIdP', 'login');

  const done = new AbortController(); // stops the follow browser when the command ends
  const signal = linkSignals([ctx.signal, done.signal]).signal; // released when `done` aborts
  let cards: CardService | undefined;
  let cardId: string | undefined;
  let client: ReturnType<typeof createHelseIdClient> | undefined;
  let opener: FallbackOpener | undefined;
  try {
    let cardIssuer: 'buypass' | 'commfides' | undefined;
    let holder: CardHolder | undefined;
    let authenticator;
    if (testPid === undefined) {
      cards = cliCardService(config, io.env, softhsm2Conf, () => {});
      await cards.start();
      const card = chooseCard(cards.snapshot(), label, language);
      cardId = card.id;
      cardIssuer = card.issuerFamily as 'buypass' | 'commfides';
      holder = {
        issuer: cardIssuer,
        commonName: card.holderName,
        givenName: card.givenName,
        familyName: card.familyName,
        serialNumber: card.serialNumber,
      };
      authenticator = cliCardAuthenticator({
        cards,
        cardId: card.id,
        holder: card.holderName,
        pinFromStdin,
        io,
        language,
        note,
      });
      note(`${language === 'nb' ? 'Kort' : 'Card'}: ${cardList([card], language)} (${card.tokenLabel})`);
    }
    const browser = ctx.options['browser'] as string | undefined;
    opener = commandOpener(browser, signal, { language, note, env: io.env });
    client = createHelseIdClient({
      config,
      ...(loadClientKey ? { loadClientKey } : {}),
      openExternal: opener.open,
      // a real browser is this OS user's, bound as in the app (and the app's next hand-off finds it);
      // the built-in follow browser's cookie jar dies with the command, so its binding does too
      ...(browser === 'follow' ? {} : { browserBinding: userBrowserBinding(io.env) }),
      ...(authenticator ? { cardAuthenticator: authenticator } : {}),
      cardBindings: cardBindingsFor(config.client.client_id, io.env),
    });
    const user = await client.login({
      ...(cardIssuer ? { cardIssuer, ...(holder ? { card: holder } : {}) } : { testPid: testPid! }),
      signal: ctx.signal,
      language,
      onProgress: (step) => {
        if (step === 'browser-opened' && !opener?.opened()) return; // the URL was printed instead
        const text = stepText(step, language);
        if (text) note(text);
      },
    });
    // every configured API, machine ones too (their token is fetched on the first call)
    const calls = new Map<string, ApiCallOutcome>();
    const tokens = new Map<string, ApiTokenInfo>();
    for (const api of config.apis) {
      try {
        const result = await client.callApi(api.name);
        calls.set(api.name, { status: result.status, body: result.body });
        tokens.set(api.name, result.token);
      } catch (err) {
        calls.set(api.name, { error: errorCode(err) });
      }
    }
    for (const info of client.apis()) if (!tokens.has(info.name)) tokens.set(info.name, info);
    const result = loginResult(
      user,
      config.apis.flatMap((a) => tokens.get(a.name) ?? []),
      calls,
    );
    await client.logout({ endSessionInBrowser: false }); // revokes the refresh token: nothing outlives the command
    if (ctx.json) printJson(io, result);
    else io.stdout.write(formatLoginResult(result, language, Date.now()));
    return 0;
  } catch (err) {
    // a plain wrong PIN says nothing about tries left: add what the card's flags say (never a number)
    const card = cardId === undefined ? undefined : cards?.snapshot().cards.find((c) => c.id === cardId);
    if (card && isAppError(err) && err.code === 'card-pin-incorrect')
      throw new CliFailure(err, [pinStateText(card.pin, language)]);
    throw await explainLoginFailure(err, config.client);
  } finally {
    // a refused login opened HelseID's end-session page: the follow browser must finish it first
    await opener?.settled?.(END_SESSION_WAIT_MS);
    done.abort();
    await client?.close(); // machine tokens, too, die with the command
    await cards?.stop();
  }
}
