// The window's Kjernejournal panel, as a clinician uses it, for the e2e tests that open a patient.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2eApp } from './harness.ts';

/** Fills the panel and presses the button; resolves with the browser tab the portal opened in. */
export async function openPatient(
  e2e: E2eApp,
  patient: string,
  basis: string,
  labels = { patient: 'Pasientens fødselsnummer', open: 'Åpne Kjernejournal' },
): Promise<Page> {
  const tabsBefore = e2e.app.browserTabs.length;
  const panel = e2e.app.appPage.getByTestId('portal');
  await panel.getByLabel(labels.patient).fill(patient);
  await panel.getByRole('radio', { name: basis }).check();
  await panel.getByRole('button', { name: labels.open }).click();
  await expect.poll(() => e2e.app.browserTabs.length).toBeGreaterThan(tabsBefore);
  const tab = e2e.app.browserTabs.at(-1)!;
  await tab.waitForURL(/\/hpp-webapp\/pasient\//);
  await tab.locator('main[data-state="patient-open"]').waitFor();
  return tab;
}
