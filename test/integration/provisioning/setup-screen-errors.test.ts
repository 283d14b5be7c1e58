// What the set-up screen says when the provisioning configuration is wrong or Selvbetjening answers
// an unexpected error (issue 10): the person gets the error table's words, IT gets the operation,
// the HTTP status and Selvbetjening's own rule under "Detaljer for IT" (and in the log), nothing is
// stored, and "Prøv igjen" runs the set-up again. The real emulator and the real set-up services;
// the unexpected answer is the emulator's fault knob.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import type { ConfigFile } from '../../../src/main/config/index.ts';
import { isSetupError, startAppServices } from '../../../src/main/services/start-app-services.ts';
import {
  createWorkstationSetupServices,
  type WorkstationSetupServices,
} from '../../../src/main/services/workstation-setup-services.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';
import { startEnv, workstation, type Env, type Workstation } from './support.ts';

let e: Env;
beforeAll(async () => {
  e = await startEnv();
});
afterAll(async () => {
  await e?.stop();
});

function setUpScreen(ws: Workstation, config: ConfigFile = ws.config): WorkstationSetupServices {
  return createWorkstationSetupServices({
    config,
    keyRing: ws.keyRing,
    fetch: ws.fetch,
    modulusLength: 2048,
    log: (line) => ws.lines.push(line),
    openExternal: followBrowser({ signal: ws.signal, onProblem: (p) => ws.lines.push(p), fetch: ws.fetch }),
    createApp: () => Promise.reject(new Error('not needed here')),
  });
}

/** Presses "Start oppsettet" / "Prøv igjen" and waits for the set-up to end. */
async function pressStart(screen: WorkstationSetupServices): Promise<NonNullable<AppView['workstationSetup']>> {
  expect(await screen.dispatch('setup:start', undefined)).toMatchObject({ ok: true });
  await expect
    .poll(() => screen.controller.view().workstationSetup?.state, { timeout: 60_000, interval: 100 })
    .toMatch(/^(done|failed)$/);
  return screen.controller.view().workstationSetup!;
}

/** What the person reads (title, what, todo) holds none of IT's details. */
function expectTableWordsOnly(view: NonNullable<AppView['workstationSetup']>, itOnly: string) {
  for (const language of ['nb', 'en'] as const) {
    const text = errorText(view.error!.code, language, view.error!.detail);
    expect(`${text.title} ${text.what} ${text.todo}`).not.toContain(itOnly);
  }
}

describe('set-up screen: errors during the set-up', () => {
  it('selvbetjeningAnswersAnUnexpected500_personGetsTheTableText_ITGetsOperationStatusAndRule_thenProvIgjenSetsItUp', async () => {
    const ws = await workstation(e);
    try {
      e.env.faults.set({ endpoints: { selvbetjening: { status: 500, times: 1 } } });
      const screen = setUpScreen(ws);
      const failed = await pressStart(screen);
      expect(failed).toMatchObject({
        state: 'failed',
        error: {
          code: 'selvbetjening-error',
          retriable: true,
          detail: { operation: 'client-drafts', status: 500, description: 'injected fault at selvbetjening' },
        },
      });
      expectTableWordsOnly(failed, 'injected fault');
      expect(
        ws.lines.some(
          (l) =>
            l.includes('setup: ended with selvbetjening-error') &&
            l.includes('operation=client-drafts') &&
            l.includes('status=500'),
        ),
      ).toBe(true);
      expect(await ws.keyRing.document()).toEqual({ version: 1, abandonedDrafts: [] });

      const again = await pressStart(screen); // "Prøv igjen"
      expect(again).toMatchObject({ state: 'done' });
      expect((await ws.keyRing.client())?.state).toBe('ready');
    } finally {
      e.env.faults.reset();
      await ws.close();
    }
  }, 90_000);

  it('apiUrlWrongInTheConfiguration_selvbetjeningsProblemNamesThePath_forItOnly_andNothingIsStored', async () => {
    const ws = await workstation(e);
    try {
      const p = ws.config.provisioning!;
      const broken: ConfigFile = {
        ...ws.config,
        provisioning: { ...p, selvbetjening: { ...p.selvbetjening, api_url: `${p.selvbetjening.api_url}/api` } },
      };
      const failed = await pressStart(setUpScreen(ws, broken));
      expect(failed.error).toMatchObject({
        code: 'selvbetjening-error',
        retriable: false,
        detail: { operation: 'client-drafts', status: 404, title: 'Not Found' },
      });
      expect(String(failed.error!.detail!['description'])).toContain('/api/v1/client-drafts is neither');
      expectTableWordsOnly(failed, 'is neither');
      expect(await ws.keyRing.document()).toEqual({ version: 1, abandonedDrafts: [] });
    } finally {
      await ws.close();
    }
  }, 60_000);

  it('apiUrlPointingAtSomethingElse_saysTheAnswerIsNotSelvbetjenings_andNamesTheSetting', async () => {
    const ws = await workstation(e);
    const other = await import('node:http').then(({ createServer }) =>
      createServer((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>Bad gateway</body></html>');
      }),
    );
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const p = ws.config.provisioning!;
      const port = (other.address() as { port: number }).port;
      const broken: ConfigFile = {
        ...ws.config,
        provisioning: { ...p, selvbetjening: { ...p.selvbetjening, api_url: `http://127.0.0.1:${port}` } },
      };
      const failed = await pressStart(setUpScreen(ws, broken));
      expect(failed.error).toMatchObject({ code: 'selvbetjening-error', retriable: true, detail: { status: 502 } });
      expect(String(failed.error!.detail!['problem'])).toMatch(
        /not problem details \(content-type text\/html\).*provisioning\.selvbetjening\.api_url/,
      );
    } finally {
      other.close();
      await ws.close();
    }
  }, 60_000);

  it('brokenProvisioningBlock_atStart_opensFeilIOppsettet_namingFileAndField', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helseid-broken-prov-'));
    try {
      const file = path.join(dir, 'config.json');
      await writeFile(
        file,
        JSON.stringify({
          authority: { kind: 'embedded', issuer: e.env.info.authority },
          apis: [
            { name: 'person', resource: 'nhn:person', scopes: ['nhn:person/read'], base_url: 'http://127.0.0.1:1' },
          ],
          provisioning: {
            selvbetjening: { kind: 'test' },
            api_key_path: path.join(dir, 'api-key.txt'),
            organization_number: '12345',
          },
        }),
      );
      const started = await startAppServices({
        openExternal: async () => {},
        env: { HELSEID_DESKTOP_CONFIG: file, HELSEID_DESKTOP_STATE_DIR: dir },
      });
      expect(isSetupError(started)).toBe(true);
      const view = started.controller.view();
      expect(view.setupError).toMatchObject({
        code: 'invalid-config',
        file,
        field: 'provisioning.organization_number',
      });
      await started.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
