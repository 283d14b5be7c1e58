// The set-up screen's views and IPC answers carry names and states only: every view pushed during a
// real set-up (embedded Selvbetjening, confirmation followed like a browser) and every IPC answer
// is checked for the private key (JWK fields d/p/q/dp/dq/qi and their values), the API key file's
// content, and the access tokens HelseID issued on the way.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import { createWorkstationSetupServices } from '../../../src/main/services/workstation-setup-services.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';
import { startEnv, workstation, type Env } from './support.ts';

let e: Env;
beforeAll(async () => (e = await startEnv({ clientCacheDelayMs: 0 })));
afterAll(() => e?.stop());

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/** every value of a private JWK field anywhere in a JSON document */
function privateValues(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => privateValues(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (PRIVATE_FIELDS.includes(k) && typeof v === 'string') out.push(v);
      else privateValues(v, out);
    }
  }
  return out;
}

function keys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keys(v, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keys(v, out);
    }
  return out;
}

describe('set-up screen: no secret crosses to the window', () => {
  it('everyViewAndIpcAnswerDuringASetUp_holdsNoKeyMaterialApiKeyOrToken', async () => {
    const ws = await workstation(e);
    const stop = new AbortController();
    const tokens: string[] = [];
    // the access tokens HelseID hands out during the set-up (client credentials while waiting, and for GET /v1/client)
    const tokenWatchingFetch: typeof fetch = async (input, init) => {
      const res = await ws.fetch(input, init);
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        const body = (await res
          .clone()
          .json()
          .catch(() => undefined)) as { access_token?: unknown } | undefined;
        if (typeof body?.access_token === 'string') tokens.push(body.access_token);
      }
      return res;
    };
    try {
      const services = createWorkstationSetupServices({
        config: ws.config,
        keyRing: ws.keyRing,
        fetch: tokenWatchingFetch,
        modulusLength: 2048,
        openExternal: followBrowser({ signal: stop.signal, onProblem: () => {}, fetch: tokenWatchingFetch }),
        createApp: () => Promise.reject(new Error('not in this test')),
      });
      const views: AppView[] = [services.controller.view()];
      services.controller.onView((view) => views.push(view));
      const answers: unknown[] = [await services.dispatch('setup:start', undefined)];
      await new Promise<void>((resolve) => {
        const off = services.workstationSetup.onChange(() => {
          if (!['done', 'failed', 'cancelled'].includes(services.workstationSetup.state().state)) return;
          off();
          resolve();
        });
      });
      answers.push(await services.dispatch('app:get-view', undefined));
      expect(services.workstationSetup.state()).toMatchObject({ state: 'done' });
      expect(views.map((v) => v.workstationSetup?.step)).toEqual(
        expect.arrayContaining(['generating-key', 'waiting-for-confirmation', 'checking-access', 'done']),
      );

      // what must not be there: the stored private key's values, the API key, the tokens
      const stored: unknown[] = [];
      for (const file of await readdir(ws.folder))
        stored.push(JSON.parse(await readFile(path.join(ws.folder, file), 'utf8').catch(() => 'null')) as unknown);
      const secrets = privateValues(stored);
      expect(secrets.length).toBeGreaterThanOrEqual(6); // the test sees the key it looks for
      const apiKey = (await readFile(ws.config.provisioning!.api_key_path, 'utf8')).trim();
      expect(apiKey.length).toBeGreaterThan(8);
      expect(tokens.length).toBeGreaterThan(0);

      for (const message of [...views, ...answers]) {
        const text = JSON.stringify(message);
        for (const field of PRIVATE_FIELDS) expect(keys(message).has(field), `field ${field}`).toBe(false);
        for (const secret of secrets) expect(text.includes(secret), 'a private key value').toBe(false);
        expect(text.includes(apiKey), 'the API key').toBe(false);
        for (const token of tokens) expect(text.includes(token), 'an access token').toBe(false);
        expect(text, 'anything shaped like a JWT').not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
      }
    } finally {
      stop.abort();
      await ws.close();
    }
  }, 60_000);
});
