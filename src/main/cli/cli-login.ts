// The login every command that acts for a person starts with (`login`, `kjernejournal`): the same
// HelseID client and card service as the app, the browser chosen with --browser, the PIN from the
// terminal or stdin, TestIdP with --test-pid. The caller ends it with `finish()` in a finally, and
// turns a failure into the CLI's words with `explain()`.
import { isAppError } from '../../shared/errors/app-error.ts';
import type { LoggedInUser } from '../auth/user-claims.ts';
import { createBrowserBinding, userBrowserBinding, type BrowserBinding } from '../auth/browser-binding.ts';
import { cardBindingsFor } from '../auth/card-bindings.ts';
import type { CardHolder } from '../auth/login-acceptance.ts';
import { createHelseIdClient, type HelseIdClient } from '../auth/helseid-client.ts';
import { linkSignals } from '../auth/linked-signal.ts';
import type { CardService } from '../card/card-service.ts';
import type { HelseIdConfig } from '../config/index.ts';
import { cliCardAuthenticator } from './card-authenticator.ts';
import { cardList, chooseCard } from './card-choice.ts';
import { cliCardService } from './card-setup.ts';
import type { CommandContext } from './context.ts';
import { CliFailure } from './failure.ts';
import { cliRunnableClient } from './installation-client.ts';
import { explainLoginFailure } from './login-failure.ts';
import { pinStateText, stepText } from './login-output.ts';
import { commandOpener, type FallbackOpener } from './url-fallback.ts';
import { UsageError, type CommandName } from './usage.ts';

/** how long the command waits for its follow browser to finish an end-session page before it stops it */
const END_SESSION_WAIT_MS = 10_000;

export interface CliLogin {
  readonly config: HelseIdConfig;
  readonly client: HelseIdClient;
  readonly user: LoggedInUser;
  /** what opens the browser (the login's, and later a portal's hand-off page) */
  readonly openExternal: (url: string) => Promise<void>;
  /** the browser the login completed in (for this command's life): a portal's launch goes only to it */
  readonly binding: BrowserBinding;
}

export interface CliLoginRun {
  /** logs in; the client and the card service are released by finish() */
  login(): Promise<CliLogin>;
  /** a failure in the CLI's words (a wrong PIN with the card's tries-left words) */
  explain(err: unknown): Promise<unknown>;
  finish(): Promise<void>;
}

export function cliLogin(ctx: CommandContext, command: CommandName): CliLoginRun {
  const { io, language, note } = ctx;
  const testPid = ctx.options['test-pid'] as string | undefined;
  const label = ctx.options['card'] as string | undefined;
  const pinFromStdin = ctx.options['pin-stdin'] === true;
  const done = new AbortController(); // stops the follow browser when the command ends
  let cards: CardService | undefined;
  let cardId: string | undefined;
  let client: HelseIdClient | undefined;
  let config: HelseIdConfig | undefined;
  let opener: FallbackOpener | undefined;

  const login = async (): Promise<CliLogin> => {
    if (testPid !== undefined && !/^\d{11}$/.test(testPid))
      throw new UsageError('--test-pid must be an 11-digit national id number of a TestIdP person', command);
    if (testPid !== undefined && label !== undefined)
      throw new UsageError('--test-pid and --card exclude each other', command);
    if (testPid === undefined && !pinFromStdin && !io.stdin.isTTY)
      throw new UsageError('stdin is not a terminal, so the PIN cannot be asked for: pass --pin-stdin', command);
    if (pinFromStdin && ctx.options['env-json'] === '-')
      throw new UsageError('--pin-stdin and --env-json - both want stdin: give --env-json a file', command);
    const runnable = await cliRunnableClient(await ctx.resolveConfig(), io.env);
    config = runnable.config;
    if (testPid !== undefined && config.authority.kind === 'helseid-prod')
      throw new UsageError('--test-pid: the production authority has no TestIdP', command);
    const signal = linkSignals([ctx.signal, done.signal]).signal; // released when `done` aborts
    let cardIssuer: 'buypass' | 'commfides' | undefined;
    let holder: CardHolder | undefined;
    let authenticator;
    if (testPid === undefined) {
      cards = cliCardService(config, io.env, runnable.softhsm2Conf, () => {});
      await cards.start();
      const card = chooseCard(cards.snapshot(), label, language);
      cardId = card.id;
      cardIssuer = card.issuerFamily as 'buypass' | 'commfides';
      // the login must end as this card's holder (src/main/auth/login-acceptance.ts)
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
    const opened = commandOpener(browser, signal, { language, note, env: io.env });
    opener = opened;
    // a real browser is this OS user's, bound as in the app (and the app's next hand-off finds it);
    // the built-in follow browser's cookie jar dies with the command, so its binding does too
    const binding = browser === 'follow' ? createBrowserBinding({}) : userBrowserBinding(io.env);
    client = createHelseIdClient({
      config,
      browserBinding: binding,
      ...(runnable.loadClientKey ? { loadClientKey: runnable.loadClientKey } : {}),
      openExternal: opened.open,
      ...(authenticator ? { cardAuthenticator: authenticator } : {}),
      cardBindings: cardBindingsFor(config.client.client_id, io.env),
    });
    const user = await client.login({
      ...(cardIssuer ? { cardIssuer, ...(holder ? { card: holder } : {}) } : { testPid: testPid! }),
      signal: ctx.signal,
      language,
      onProgress: (step) => {
        if (step === 'browser-opened' && !opened.opened()) return; // the URL was printed instead
        const text = stepText(step, language);
        if (text) note(text);
      },
    });
    return { config, client, user, openExternal: opened.open, binding };
  };

  return {
    login,
    explain: async (err) => {
      // a plain wrong PIN says nothing about tries left: add what the card's flags say (never a number)
      const card = cardId === undefined ? undefined : cards?.snapshot().cards.find((c) => c.id === cardId);
      if (card && isAppError(err) && err.code === 'card-pin-incorrect')
        return new CliFailure(err, [pinStateText(card.pin, language)]);
      return config ? explainLoginFailure(err, config.client) : err;
    },
    finish: async () => {
      // a refused login opened HelseID's end-session page: the follow browser must finish it first
      await opener?.settled?.(END_SESSION_WAIT_MS);
      done.abort();
      await client?.close(); // machine tokens, too, die with the command
      await cards?.stop();
    },
  };
}
