// Issue 21, item 5: what the set-up and the window's report say must be what Selvbetjening and the
// machine say. A ?status=Success anyone can send to the loopback is not a confirmation; "Avbryt"
// leaves no client anyone can use, and `key status` says what IT must do about a draft confirmed
// later anyway; a key folder others may write to is refused before a draft exists; a key renewed
// from the command line is what the running app's Feilsøking shows. Real emulator, real set-up code.
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKeyStatus } from '../../../src/main/diagnostics/key-status-text.ts';
import { createFileKeyStore } from '../../../src/main/keys/file-key-store.ts';
import { KeyRing } from '../../../src/main/keys/key-ring.ts';
import { runnableClient } from '../../../src/main/provisioning/installation.ts';
import { renewKey } from '../../../src/main/provisioning/key-renewal.ts';
import { keyStatus } from '../../../src/main/provisioning/key-status.ts';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import { startAppServices } from '../../../src/main/services/start-app-services.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { createFakeCardService } from '../../fakes/fake-card-service.ts';
import { failure, startEnv, workstation, type Env, type Workstation } from './support.ts';

let e: Env;
beforeAll(async () => (e = await startEnv()));
afterAll(() => e?.stop());

/** The emulated Selvbetjening's own record of a client (what NHN's side knows), from its state file. */
async function atSelvbetjening(clientId: string): Promise<{ state: string } | undefined> {
  const file = path.join(e.stateDir, 'selvbetjening', 'clients.json');
  const { clients } = JSON.parse(await readFile(file, 'utf8')) as { clients: { clientId: string; state: string }[] };
  return clients.find((c) => c.clientId === clientId);
}

/** The workstation's configuration as IT's machine file (its key store in the workstation's folder), for startAppServices. */
async function configFileOf(ws: Workstation): Promise<string> {
  const file = path.join(ws.folder, '..', `${path.basename(ws.folder)}-config.json`);
  const provisioning = {
    ...ws.config.provisioning!,
    key_store: { protection: 'file', scope: 'account', folder: ws.folder },
  };
  await writeFile(file, JSON.stringify({ ...ws.config, provisioning }));
  return file;
}

/** Watches the draft the set-up sends: its id comes back, its confirmation redirect goes out. */
function draftWatcher(ws: Workstation) {
  const seen: { redirect?: string } = {};
  const watching: typeof fetch = async (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/v1/client-drafts') && init?.body)
      seen.redirect = (
        JSON.parse(String(init.body)) as { postClientConfirmationRedirectUri: string }
      ).postClientConfirmationRedirectUri;
    return ws.fetch(input, init);
  };
  return { seen, fetch: watching };
}

/**
 * Where the set-up sends the browser: it hands the confirmation page over through a one-time loopback
 * page (src/main/auth/browser-launch.ts), whose redirect this browser — the first to ask — follows.
 */
async function pageBehind(handOff: string): Promise<string> {
  const answer = await fetch(handOff, { redirect: 'manual' });
  expect(answer.status).toBe(303);
  return answer.headers.get('location')!;
}

/**
 * A person on Selvbetjening's confirmation page pressing "Bekreft" or "Avvis"; the browser then goes
 * where it is sent (`follow`) — or nowhere, when the set-up that was listening has stopped.
 */
async function press(confirmPage: string, decision: 'confirm' | 'refuse', follow = false): Promise<void> {
  const page = await fetch(confirmPage);
  const action = /action="([^"]+)"/.exec(await page.text())![1]!;
  const answer = await fetch(new URL(action, confirmPage), {
    method: 'POST',
    redirect: follow ? 'follow' : 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ pid: '13827099842', lang: 'nb', decision }),
  });
  expect(answer.status).toBe(follow ? 200 : 303);
}

const statusText = async (ws: Workstation, language: 'nb' | 'en' = 'nb') =>
  formatKeyStatus(
    keyStatus(await ws.restart().document(), ws.keyRing.store.describe(), ws.config.provisioning!.renewal, Date.now()),
    language,
  );

describe('confirmation is what Selvbetjening says, not what the redirect says', () => {
  it('forgedSuccessOnTheLoopback_isNotRecordedAsConfirmed_andALaterRealConfirmationIsPickedUp', async () => {
    const ws = await workstation(e);
    try {
      const watch = draftWatcher(ws);
      let confirmPage = '';
      const deps = ws.deps({
        fetch: watch.fetch,
        config: { ...ws.config, provisioning: { ...ws.config.provisioning!, ready_timeout_seconds: 1 } },
        // someone on this machine answers the loopback before the person has done anything
        openExternal: async (url) => {
          confirmPage = await pageBehind(url);
          await fetch(`${watch.seen.redirect}?status=Success`);
        },
      });
      const err = await failure(runSetup(deps));
      expect(err.code).toBe('setup-timeout');
      const clientId = confirmPage.split('/').at(-1)!;
      expect(await atSelvbetjening(clientId)).toMatchObject({ state: 'draft' }); // nobody confirmed it
      // the store: still a draft that remembers the claim — not "confirmed", and no client to log in with
      const record = (await ws.restart().client())!;
      expect(record).toMatchObject({ clientId, state: 'draft' });
      expect(record.successReportedAt).toBeTypeOf('number');
      expect(await runnableClient(ws.config, ws.keyRing)).toBeUndefined();
      expect(await statusText(ws)).toContain(
        `${clientId} (Tilstand: kladd: nettleseren meldte at den ble bekreftet, men Selvbetjening har ikke svart for den ennå`,
      );

      // the person confirms for real in the tab; the next set-up asks again and takes that client
      await press(confirmPage, 'confirm');
      expect(await atSelvbetjening(clientId)).toMatchObject({ state: 'confirmed' });
      const resumed = await runSetup(ws.deps());
      expect(resumed).toMatchObject({ clientId, existing: true, ready: true });
      expect(await ws.keyRing.client()).toMatchObject({ clientId, state: 'ready' });
    } finally {
      await ws.close();
    }
  });

  it('refusedByThePerson_andNotApprovedForWantOfAnAltinnRole_getTheirOwnAdvice', async () => {
    const ws = await workstation(e);
    try {
      // "Avvis" on Selvbetjening's page
      const refuse = async (url: string) => press(await pageBehind(url), 'refuse', true);
      const declined = await failure(runSetup(ws.deps({ openExternal: refuse })));
      expect(declined).toMatchObject({ code: 'setup-declined', detail: { status: 'Cancelled' } });
      e.env.selvbetjening.set({ refuseNextConfirmation: true });
      const notApproved = await failure(runSetup(ws.deps()));
      expect(notApproved).toMatchObject({ code: 'setup-refused', detail: { status: 'Failed' } });
      expect(errorText(declined.code, 'nb', declined.detail).todo).not.toMatch(/Altinn/);
      expect(errorText(notApproved.code, 'nb', notApproved.detail).todo).toMatch(/rolle i Altinn/);
    } finally {
      e.env.selvbetjening.set({ refuseNextConfirmation: false });
      await ws.close();
    }
  });
});

describe('"Avbryt", then "Bekreft" in the tab that stayed open', () => {
  it('cancelledSetup_aLaterConfirmationMakesNoUsableClient_andKeyStatusSaysWhatItMustDo', async () => {
    const ws = await workstation(e);
    try {
      const cancel = new AbortController();
      let confirmPage = '';
      const deps = ws.deps({
        openExternal: async (url) => {
          confirmPage = await pageBehind(url);
          setTimeout(() => cancel.abort(), 0); // IT presses Avbryt while the page is open
        },
      });
      expect((await failure(runSetup(deps, { signal: cancel.signal }))).code).toBe('setup-cancelled');
      const clientId = confirmPage.split('/').at(-1)!;
      // ... and then the person presses Bekreft in the tab
      await press(confirmPage, 'confirm');
      expect(await atSelvbetjening(clientId)).toMatchObject({ state: 'confirmed' });
      // the app holds no key for it: the confirmed client cannot log anyone in or get a token
      const doc = await ws.restart().document();
      expect(doc.client).toBeUndefined();
      expect(JSON.stringify(doc)).not.toContain('"d":');
      expect(await runnableClient(ws.config, ws.keyRing)).toBeUndefined();
      const text = await statusText(ws);
      expect(text).toMatch(new RegExp(`${clientId} — avbrutt \\(`));
      expect(text).toContain('Nøkkelen til en forlatt kladd er slettet');
      expect(text).toContain('IT kan slette den i Selvbetjening');
      expect(await statusText(ws, 'en')).toMatch(new RegExp(`${clientId} — cancelled \\(`));
    } finally {
      await ws.close();
    }
  });
});

describe('a key folder others may write to', () => {
  it('existingWorldWritableKeyFolder_setupRefusesBeforeMakingADraft_andWritesNoKey', async () => {
    const ws = await workstation(e);
    try {
      await mkdir(ws.folder, { recursive: true });
      await chmod(ws.folder, 0o777);
      let drafts = 0;
      const counting: typeof fetch = async (input, init) => {
        if (String(input instanceof Request ? input.url : input).endsWith('/v1/client-drafts')) drafts += 1;
        return ws.fetch(input, init);
      };
      const err = await failure(runSetup(ws.deps({ fetch: counting })));
      expect(err).toMatchObject({ code: 'client-key-invalid', detail: { finding: 'client-key-folder-exposed' } });
      expect(drafts).toBe(0);
      expect(await readdir(ws.folder)).toEqual([]);
    } finally {
      await chmod(ws.folder, 0o700).catch(() => {});
      await ws.close();
    }
  });
});

describe('Feilsøking on a workstation that is not set up', () => {
  it('notSetUp_saysSo_listsTheDraftsTheSetupScreenMentions_andDoesNotBlameTheConfiguration', async () => {
    const ws = await workstation(e);
    try {
      const configFile = await configFileOf(ws);
      let confirmPage = '';
      const app = await startAppServices({
        env: { HELSEID_DESKTOP_CONFIG: configFile },
        openExternal: async (url) => void (confirmPage = await pageBehind(url)),
        cards: createFakeCardService(),
        fetch: ws.fetch,
      });
      const report = async () =>
        ((await app.dispatch('app:diagnostics', undefined)) as { ok: true; value: { text: string } }).value.text;
      try {
        expect(app.mode).toBe('workstation-setup');
        const first = await report();
        expect(first).toContain('  ✗ Maskinen er ikke satt opp: Denne maskinen har ennå ingen HelseID-klient.');
        expect(first).not.toContain('Ingen funn');
        expect(first).not.toContain('oppsettet er ikke i orden');
        // the set-up screen's Avbryt while Selvbetjening's page is open: the draft is listed for IT
        await app.dispatch('setup:start', undefined);
        while (!confirmPage) await new Promise((r) => setTimeout(r, 20));
        await app.dispatch('setup:cancel', undefined);
        const clientId = confirmPage.split('/').at(-1)!;
        await expect.poll(report).toMatch(new RegExp(`  ${clientId} — avbrutt \\(`));
      } finally {
        await app.close();
      }
    } finally {
      await ws.close();
    }
  });
});

describe("the running app's Feilsøking reads the key store now", () => {
  it('keyRenewedFromTheCommandLine_theWindowsReportShowsTheNewKid', async () => {
    const ws = await workstation(e);
    try {
      await runSetup(ws.deps());
      const configFile = await configFileOf(ws);
      const app = await startAppServices({
        env: { HELSEID_DESKTOP_CONFIG: configFile },
        openExternal: async () => {},
        cards: createFakeCardService(),
        fetch: ws.fetch,
      });
      try {
        expect(app.mode).toBe('app');
        const before = (await ws.keyRing.client())!.current.kid;
        const report = async () =>
          ((await app.dispatch('app:diagnostics', undefined)) as { ok: true; value: { text: string } }).value.text;
        expect(await report()).toContain(`Nøkkel (kid): ${before}`);
        // `helseid-desktop key renew` in another process: its own key ring over the same store
        const cli = new KeyRing(createFileKeyStore({ folder: ws.folder }));
        const renewed = await renewKey({ config: ws.config, keyRing: cli, fetch: ws.fetch }, { force: true });
        const after = (await cli.client())!.current.kid;
        expect(after).not.toBe(before);
        expect(renewed).toBeDefined();
        expect(await report()).toContain(`Nøkkel (kid): ${after}`);
      } finally {
        await app.close();
      }
    } finally {
      await ws.close();
    }
  });
});
