// What SoftHSM cannot do, on the scripted fake card service behind the real interface — with the
// real authority, renderer and main-process services: no reader, PIN final try, PIN blocked, a
// PIN-pad reader, a wrong PIN's tries left, and HelseID unreachable. (The fake's certificates are
// self-signed, so the authority never lets a fake card finish a login; these tests stop before.)
import { describe, expect, it } from 'vitest';
import { FakeCardService } from '../fakes/fake-card-service.ts';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const fake = new FakeCardService({ operationDelayMs: 5 });
const page = () => e2e.app.appPage;

useE2eApp((started) => (e2e = started), { cards: () => fake });

async function startLogin(holder: string) {
  await page().locator('li.card', { hasText: holder }).getByRole('button', { name: 'Logg inn' }).click();
}

describe('card states the fake card service scripts', () => {
  it('noReader_asksToConnectTheReader', async () => {
    await page().locator('[data-screen="no-reader"]').waitFor();
    await e2e.checkA11y('no reader');
    await e2e.screenshot('10-no-reader');
  });

  it('readerWithoutCard_asksForTheCard', async () => {
    fake.addReader({ id: 'r1', label: 'Omnikey 3121' });
    await page().locator('[data-screen="insert-card"]').waitFor();
  });

  it('authorityUnreachable_showsWhatHappenedAndWhatToDo_fromTheErrorTable', async () => {
    fake.insertCard('r1', { id: 'fake:kari', holderName: 'Kari Nordmann', correctPin: '1234' });
    e2e.env.faults.set({ endpoints: { discovery: { drop: true }, par: { drop: true } } });
    try {
      await startLogin('Kari Nordmann');
      const banner = page().getByRole('alert');
      await banner.waitFor();
      await expect(banner.getAttribute('data-error-code')).resolves.toBe('authority-unreachable');
      await expect(banner.textContent()).resolves.toContain('HelseID svarer ikke');
      await expect(banner.textContent()).resolves.toContain('sjekk nettverket');
      await e2e.checkA11y('error');
      await e2e.screenshot('11-authority-unreachable');
      await banner.getByRole('button', { name: 'Lukk' }).click();
      await expect(page().getByRole('alert').count()).resolves.toBe(0);
    } finally {
      e2e.env.faults.reset();
    }
  });

  it('wrongPin_saysHowManyTriesAreLeft', async () => {
    await startLogin('Kari Nordmann');
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('PIN-kode').fill('0000');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    const problem = dialog.locator('[data-error-code]');
    await problem.waitFor();
    await expect(problem.getAttribute('data-error-code')).resolves.toBe('card-pin-incorrect-tries-left');
    await expect(problem.textContent()).resolves.toContain('2');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await page().locator('[data-screen="card-present"]').waitFor();
  });

  it('pinFinalTry_isShownOnTheCard_andWarnedInThePinDialog', async () => {
    fake.removeCard('fake:kari');
    fake.insertCard('r1', {
      id: 'fake:ola',
      holderName: 'Ola Johan Hansen',
      issuerFamily: 'commfides',
      correctPin: '2345',
      triesLeft: 1,
    });
    const card = page().locator('li.card', { hasText: 'Ola Johan Hansen' });
    await expect.poll(() => card.getByTestId('card-pin').textContent()).toBe('Siste forsøk');
    await startLogin('Ola Johan Hansen');
    const warning = page().getByRole('dialog').locator('[data-pin-state="final-try"]');
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain('én feil PIN-kode til sperrer kortet');
    await e2e.checkA11y('PIN dialog, final try');
    await e2e.screenshot('12-pin-final-try');
    await page().getByRole('dialog').press('Escape');
    await page().locator('[data-screen="card-present"]').waitFor();
  });

  it('pinLockedByTheLastWrongPin_offersNoPrøvIgjenAndNoLogin_andSaysToUseThePuk', async () => {
    // Ola's card has one try left (the test above): a wrong PIN now locks it, as a real card does
    // (SoftHSM cannot lock a token, so the scripted card stands in behind the same card interface)
    await startLogin('Ola Johan Hansen');
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('PIN-kode').fill('0000');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    const locked = page().locator('[data-error-code="card-pin-locked"]');
    await locked.waitFor();
    await expect(locked.textContent()).resolves.toContain('PIN-koden er sperret');
    await expect(locked.textContent()).resolves.toContain('Lås opp kortet med PUK-koden, eller kontakt kortutstederen');
    // repeating cannot help: no "Prøv igjen" anywhere, and the card itself offers no login
    await expect(page().getByRole('button', { name: 'Prøv igjen' }).count()).resolves.toBe(0);
    await expect(page().getByRole('dialog').count()).resolves.toBe(0);
    const card = page().locator('li.card', { hasText: 'Ola Johan Hansen' });
    await expect.poll(() => card.getByTestId('card-reason').textContent()).toContain('PUK');
    await expect(card.getByRole('button', { name: /Logg inn/ }).count()).resolves.toBe(0);
    await expect(card.getByTestId('card-pin').count()).resolves.toBe(0);
    await e2e.checkA11y('PIN locked by the last wrong PIN');
    await e2e.screenshot('14-pin-locked-during-login');
    await page().getByRole('alert').getByRole('button', { name: 'Lukk' }).click();
  });

  it('pinLocked_cardCannotLogIn_andSaysWhatToDo', async () => {
    fake.removeCard('fake:ola');
    fake.insertCard('r1', { id: 'fake:eva', holderName: 'Eva Sperret', correctPin: '4567', triesLeft: 0 });
    const card = page().locator('li.card', { hasText: 'Eva Sperret' });
    // the reason and what to do on the card itself; no PIN state line and no button on a card that cannot log in
    await expect.poll(() => card.getByTestId('card-reason').textContent()).toContain('PUK');
    await expect(card.getByTestId('card-pin').count()).resolves.toBe(0);
    await expect(card.getByRole('button', { name: /Logg inn/ }).count()).resolves.toBe(0);
    await e2e.checkA11y('PIN locked');
    await e2e.screenshot('13-pin-locked');
  });

  it('pinPadReader_isExplainedAsUnsupported', async () => {
    fake.addReader({ id: 'r2', label: 'PIN-pad reader', pinPad: true });
    fake.insertCard('r2', { id: 'fake:per', holderName: 'Per Pinpad', correctPin: '3456' });
    const card = page().locator('li.card', { hasText: 'Per Pinpad' });
    await expect.poll(() => card.getByTestId('card-reason').textContent()).toContain('kortleser uten tastatur');
    await expect(card.getByRole('button', { name: /Logg inn/ }).count()).resolves.toBe(0);
  });
  it('cardModuleHungDuringTheSignature_saysTheCardSoftwareWasRestarted_andOffersTryAgain_neverAnAppRestart', async () => {
    // the real service replaces a hung module at once (src/main/card/README.md): the words say so
    fake.addModule('/fake/libslow.so');
    fake.addReader({ id: 'r3', label: 'Reader 3', module: '/fake/libslow.so' });
    fake.insertCard('r3', { id: 'fake:hanne', holderName: 'Hanne Heng', correctPin: '4321' });
    fake.hangModule('/fake/libslow.so', { presence: 'pcsc' });
    await startLogin('Hanne Heng');
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('PIN-kode').fill('4321');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    const banner = page().locator('section.error[data-error-code="card-module-timeout"]');
    await banner.waitFor({ timeout: 10_000 });
    await expect(banner.textContent()).resolves.toContain('Den er startet på nytt');
    await expect(banner.textContent()).resolves.not.toContain('start programmet på nytt');
    await expect(banner.getByRole('button', { name: 'Prøv igjen' }).count()).resolves.toBe(1);
    await e2e.screenshot('17-card-module-restarted');
  });
});
