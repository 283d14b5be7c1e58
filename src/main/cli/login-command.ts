// `helseid-desktop login`: the app's login on the command line. Same HelseID client, same card
// service; the browser is chosen with --browser and the PIN comes from the terminal or stdin.
// The session ends (refresh token revoked) before the command exits.
import { errorCode } from '../../shared/errors/app-error.ts';
import type { ApiTokenInfo } from '../../shared/session-types.ts';
import { cliLogin } from './cli-login.ts';
import { printJson, type CommandContext } from './context.ts';
import { formatLoginResult, loginResult, type ApiCallOutcome } from './login-output.ts';

export async function loginCommand(ctx: CommandContext): Promise<number> {
  const { io, language } = ctx;
  const run = cliLogin(ctx, 'login');
  try {
    const { config, client, user } = await run.login();
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
    throw await run.explain(err);
  } finally {
    await run.finish();
  }
}
