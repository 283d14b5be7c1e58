// Issue 21, item 3: the unit a person chose is where they start at their next login — per person on
// a shared workstation, and the per-user preferences never hold a national id number (a keyed hash).
// The real AppController over our own session and card ports.
import { describe, expect, it, vi } from 'vitest';
import { parsePreferences } from '../../../src/main/app/preferences-file.ts';
import { AppController } from '../../../src/main/controller/app-controller.ts';
import { memoryPreferences } from '../../../src/main/controller/memory-preferences.ts';
import type { CardInfoPort, CardChallenge, SessionPort } from '../../../src/main/controller/ports.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';

const KARI = '13827099842';
const OLA = '17906599813';
const card = (id: string, holder: string): CardInfoPort => ({
  id,
  readerId: 'r1',
  holderName: holder,
  issuerFamily: 'buypass',
  environment: 'test',
  validTo: '2030-01-01T00:00:00Z',
  state: 'ok',
  pin: 'ok',
});
const UNITS = [
  { number: '912345679', name: 'Legekontoret, avdeling Sentrum' },
  { number: '912345680', name: 'Legekontoret, avdeling Nord' },
];

/** One workstation: its preferences file outlives every controller (app run) made over it. */
function workstation() {
  const preferences = memoryPreferences();
  const run = () => {
    let person: string | undefined;
    let organization: string | undefined;
    let authenticate: (c: CardChallenge) => Promise<unknown> = async () => undefined;
    const session: SessionPort = {
      login: vi.fn(async () => {
        await authenticate({ challenge: 'abc', origin: 'http://127.0.0.1:1' });
        return { name: 'x', givenName: 'x', familyName: 'x', securityLevel: '4', pidMasked: '' };
      }),
      user: () =>
        person === undefined
          ? undefined
          : {
              name: 'x',
              givenName: 'x',
              familyName: 'x',
              securityLevel: '4',
              pidMasked: `${person.slice(0, 6)}*****`,
              ...(organization ? { organization } : {}),
            },
      personId: () => person,
      apis: () => [],
      callApi: vi.fn(),
      switchOrganization: vi.fn(async (unit: string | undefined) => void (organization = unit)),
      logout: vi.fn(async () => void (person = organization = undefined)),
      endSessionForCardRemoval: vi.fn(async () => void (person = organization = undefined)),
    };
    const controller = new AppController({
      cards: {
        snapshot: () => ({ readers: [{ id: 'r1', label: 'R' }], cards: [card('c1', 'Kari'), card('c2', 'Ola')] }),
        onChange: () => () => {},
      },
      createSession: (auth) => ((authenticate = auth), session),
      signWithCard: async () => ({ format: 'web-eid:1.0' }),
      authority: 'https://helseid-sts.test.nhn.no',
      units: UNITS,
      preferences,
    });
    controller.start();
    const waitFor = async (predicate: (v: AppView) => boolean) => {
      await vi.waitFor(() => expect(predicate(controller.view())).toBe(true));
      return controller.view();
    };
    const logIn = async (cardId: string, pid: string) => {
      person = undefined;
      (session.login as ReturnType<typeof vi.fn>).mockImplementationOnce(async () => {
        await authenticate({ challenge: 'abc', origin: 'http://127.0.0.1:1' });
        person = pid;
        return session.user()!;
      });
      await controller.login(cardId);
      const asking = await waitFor((v) => !!v.login?.pinRequest);
      controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
      await waitFor((v) => v.phase === 'logged-in');
    };
    return { controller, session, logIn, waitFor, unit: () => organization };
  };
  return { preferences, run };
}

describe('the unit is remembered per person', () => {
  it('unitChosenByKari_isWhereKariStartsNextTime_butNotWhereOlaStarts', async () => {
    const ws = workstation();
    const monday = ws.run();
    await monday.logIn('c1', KARI);
    await monday.controller.switchUnit('912345680');
    await monday.controller.logout();
    await monday.logIn('c2', OLA);
    expect(monday.unit()).toBeUndefined(); // Ola never chose: the main unit
    await monday.controller.logout();

    const tuesday = ws.run(); // the next app run, the same per-user preferences
    await tuesday.logIn('c1', KARI);
    await vi.waitFor(() => expect(tuesday.unit()).toBe('912345680'));
    await tuesday.waitFor((v) => v.user?.organization === '912345680');
  });

  it('theMainUnitChosenAgain_isRememberedToo', async () => {
    const ws = workstation();
    const run = ws.run();
    await run.logIn('c1', KARI);
    await run.controller.switchUnit('912345679');
    await run.controller.switchUnit(null);
    await run.controller.logout();
    await run.logIn('c1', KARI);
    expect(run.session.switchOrganization).toHaveBeenCalledTimes(2); // nothing to restore: the main unit
  });

  it('aRefusedSwitch_isNotRemembered', async () => {
    const ws = workstation();
    const run = ws.run();
    await run.logIn('c1', KARI);
    (run.session.switchOrganization as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new Error('refused'));
    await expect(run.controller.switchUnit('912345680')).rejects.toThrow();
    await run.controller.logout();
    await run.logIn('c1', KARI);
    expect(run.session.switchOrganization).toHaveBeenCalledTimes(1);
  });

  it('thePreferencesFile_holdsNoNationalIdNumber_onlyKeyedHashes_andSurvivesARoundTrip', async () => {
    const ws = workstation();
    const run = ws.run();
    await run.logIn('c1', KARI);
    await run.controller.switchUnit('912345680');
    const stored = JSON.stringify(ws.preferences.get());
    expect(stored).not.toContain(KARI);
    expect(stored).not.toContain(KARI.slice(0, 6) + KARI.slice(6)); // nor in any form written plainly
    const keys = Object.keys(ws.preferences.get().unitChoices ?? {});
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[\w-]{32}$/);
    // what electron-store would write and read back
    expect(parsePreferences(JSON.parse(stored))).toEqual(ws.preferences.get());
    // a hand-edited file with a number as the key is dropped, not used
    expect(parsePreferences({ unitChoices: { [KARI]: '912345680' } }).unitChoices).toBeUndefined();
  });
});
