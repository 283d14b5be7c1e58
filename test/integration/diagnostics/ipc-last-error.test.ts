// The troubleshooting report's "last error the person saw" includes errors an IPC call answers the
// window with directly, not only those the controller puts in the view: here a unit switch the
// authority refuses (its refresh token no longer known). The whole app through createAppServices —
// the real IPC router, controller and HelseID client — against the embedded authority and its
// SoftHSM cards.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppServices } from '../../../src/main/services/create-app-services.ts';
import type { AppServices } from '../../../src/main/services/app-services.ts';
import { formatDateTime } from '../../../src/shared/format-date.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';
import { cardLoginBrowser, KARI, startAuthEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';

const KARI_CARD = 'Buypass Kari Nordmann';
let env: AuthEnvironment;
let services: AppServices;

beforeAll(async () => {
  env = await startAuthEnvironment();
  services = await createAppServices({
    openExternal: cardLoginBrowser().openExternal,
    env: {
      HELSEID_DESKTOP_CONFIG: `${env.stateDir}/no-machine-config.json`,
      HELSEID_DESKTOP_ENVIRONMENT: JSON.stringify(env.info),
      SOFTHSM2_CONF: env.info.softhsm2_conf!,
      // the OS user's state (the browser binding) in this test's folder, not the real home
      HELSEID_DESKTOP_STATE_DIR: `${env.stateDir}/user-state`,
    },
  });
}, 60_000);
afterAll(async () => {
  await services?.close();
  await env?.stop();
});

async function call(channel: string, payload?: unknown) {
  return services.dispatch(channel, payload);
}

async function waitForView(predicate: (view: AppView) => boolean): Promise<AppView> {
  await vi.waitFor(
    () =>
      expect(predicate(services.controller.view()), JSON.stringify(services.controller.view()).slice(0, 1500)).toBe(
        true,
      ),
    { timeout: 20_000, interval: 25 },
  );
  return services.controller.view();
}

describe('last error in the troubleshooting report', () => {
  it('anIpcCallTheAuthorityRefuses_isTheReportsLastError_withLocalTimeAndTheSanitizedDescription', async () => {
    const cards = await waitForView((v) => v.cards.some((c) => c.holderName === 'Kari Nordmann' && c.state === 'ok'));
    const kari = cards.cards.find((c) => c.holderName === 'Kari Nordmann' && c.state === 'ok')!;
    expect(await call('session:login', { cardId: kari.id })).toEqual({ ok: true, value: { ok: true } });
    const asking = await waitForView((v) => !!v.login?.pinRequest);
    const pin = env.info.cards.find((c) => c.token_label === KARI_CARD)!.pin;
    await call('card:submit-pin', { requestId: asking.login!.pinRequest!.requestId, pin });
    const loggedIn = await waitForView((v) => v.phase === 'logged-in' && v.apis.every((a) => a.state !== 'fetching'));
    const unit = loggedIn.units[0]!;

    const before = await call('app:diagnostics');
    expect(before).toMatchObject({
      ok: true,
      value: { text: expect.stringContaining('Siste feil brukeren så: ingen') },
    });

    // HelseID no longer knows the session's refresh token: switching unit is refused, and the
    // refusal goes back to the window as the IPC call's answer
    env.faults.set({ invalidateRefreshTokens: true });
    const from = Date.now();
    const refused = await call('session:switch-unit', { organization: unit.number });
    const to = Date.now();
    env.faults.set({ invalidateRefreshTokens: false });
    expect(refused.ok).toBe(false);
    const error = (refused as { error: { code: string; detail?: Record<string, unknown> } }).error;

    const report = await call('app:diagnostics');
    const text = (report as { value: { text: string } }).value.text;
    const line = text.split('\n').find((l) => l.startsWith('Siste feil brukeren så:'))!;
    const time = /\((\d\d\.\d\d\.\d{4} \d\d:\d\d)\)/.exec(line)?.[1];
    expect([formatDateTime(from), formatDateTime(to)], line).toContain(time);
    expect(line).toContain(error.code);
    expect(typeof error.detail?.['description'], JSON.stringify(error)).toBe('string');
    expect(line).toContain(`«${String(error.detail!['description'])}»`);
    // never a secret: no national id number, token or JWT in the report
    expect(text).not.toContain(KARI);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    expect(text).not.toMatch(/refresh_token=|access_token|code=/);
  }, 60_000);
});
