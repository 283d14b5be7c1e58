// TestIdP logins for tests that need tokens rather than the login itself.
import type { TestEnvironment } from './test-environment.ts';
import { CALLBACK, IDENTITY_SCOPES, pushLogin, redeemCode, type DesktopClient } from './desktop-client.ts';
import { CookieBrowser } from './browser.ts';

export const KARI = '13827099842';
export const LAV_SIKKERHET = '17906599813';

export async function testIdpTokens(
  env: TestEnvironment,
  desktop: DesktopClient,
  o: { pid?: string; level?: string; apis?: string[]; extra?: Record<string, string> } = {},
) {
  const apis = (o.apis ?? ['person']).map((name) => env.api(name));
  const pushed = await pushLogin(desktop, {
    resources: apis.map((a) => a.resource),
    scope: `${IDENTITY_SCOPES} ${apis.flatMap((a) => a.scopes).join(' ')}`,
    acrValues: 'idp:testidp-oidc',
    extra: { test_pid: o.pid ?? KARI, ...(o.level ? { test_security_level: o.level } : {}), ...o.extra },
  });
  const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
  if (stop.kind !== 'callback')
    throw new Error(`TestIdP login stopped at ${stop.url.href}: ${stop.body.slice(0, 200)}`);
  return redeemCode(desktop, pushed, stop.url, apis[0]!.resource);
}
