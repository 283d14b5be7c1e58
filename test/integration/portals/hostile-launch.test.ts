// The launch must not leak. The portal's address carries a one-time code and the PKCE verifier:
// whoever loads it first opens the patient's record as this clinician. The app hands the system
// browser only its one-time loopback page — and the OS opener puts THAT on the browser's command
// line, which every user of the machine can read. Here the "browser process" really is a process
// with the URL in its argv, and another OS user's process (uid 65534, nobody — or, where the tests do
// not run as root, another process of the same user that lacks the browser's cookies) scans
// /proc/*/cmdline, finds it and loads it first. It must get nothing usable, and the clinician's
// browser must still open the record afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { startCardEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';
import { clinicianBrowser, KARI_CARD, PATIENT_A, portalClient } from './support/portal-harness.ts';

const RACER = path.resolve(import.meta.dirname, '../../fixtures/hostile-launch/read-and-race.mjs');
const NOBODY = 65534;

interface Raced {
  readonly found: boolean;
  readonly uid: number;
  readonly url?: string;
  readonly status?: number;
  readonly location?: string | null;
  readonly setCookie?: string | null;
  readonly body?: string;
}

let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;
const browserProcesses: ChildProcess[] = [];

beforeAll(async () => {
  ({ env, config, cards } = await startCardEnvironment());
});
afterAll(async () => {
  for (const child of browserProcesses) child.kill();
  await env?.stop();
});

/** Another local user's process: reads the command lines, loads the hand-off URL it finds first. */
// this file's browser processes carry it, so the racer leaves the URLs of files running beside it alone
const RUN_MARK = `--helseid-test-run=${randomUUID()}`;

function race(): Promise<Raced> {
  const asRoot = process.getuid?.() === 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RACER, RUN_MARK], {
      stdio: ['ignore', 'pipe', 'inherit'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve(JSON.parse(out) as Raced);
      } catch {
        reject(new Error(`the racing process printed no result: ${out}`));
      }
    });
  });
}

describe('the portal launch, raced by another user of the machine', () => {
  it('aProcessThatReadsTheLaunchUrlAndLoadsItFirst_getsNothingUsable_andTheClinicianStillOpensTheRecord', async () => {
    const browser = clinicianBrowser();
    const raced: Raced[] = [];
    // the racer goes for the portal launch: the login's own page is raced in
    // test/e2e/other-user-reads-command-line.test.ts
    let racing = false;
    // the OS opener: the browser process gets the URL on its command line, and only then loads it
    const openExternal = async (url: string) => {
      if (racing && url.includes('/hand-off/')) {
        browserProcesses.push(
          spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', url, RUN_MARK], { stdio: 'ignore' }),
        );
        raced.push(await race()); // the other user wins the race: it loads the page before the browser does
      }
      await browser.openExternal(url);
    };
    const { login, portal } = portalClient(config, {
      card: { info: env.info, cards, label: KARI_CARD },
      openExternal,
    });
    await login();
    racing = true;
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });

    // the other user found the URL on the command line and loaded it first …
    expect(raced).toHaveLength(1);
    const first = raced[0]!;
    expect(first.found).toBe(true);
    if (process.getuid?.() === 0) expect(first.uid).toBe(NOBODY);
    // … and got nothing usable: no redirect, no cookie, no portal address, code, verifier or patient
    expect(first.status).toBe(403);
    expect(first.location).toBeNull();
    expect(first.setCookie).toBeNull();
    for (const secret of [
      'hentpasient',
      'code=',
      'ehr_code_verifier',
      env.info.portals.kjernejournal.portal_url,
      PATIENT_A,
    ])
      expect(first.body).not.toContain(secret);
    // the clinician's browser opened the record all the same: the code was still there for it
    const page = await browser.visits.at(-1)!.stop;
    expect(env.kjernejournal.sessions().at(-1)).toMatchObject({ status: 'active', codeUsed: true });
    expect(page.body).toContain('data-state="patient-open"');
    expect(page.body).toContain(PATIENT_A);
    expect(portal.state().state).toBe('open');

    // and once it has, the page is spent for everyone
    const after = await fetch(first.url!, { redirect: 'manual' });
    expect(after.status).toBe(410);
    expect(after.headers.get('location')).toBeNull();
  });
});
