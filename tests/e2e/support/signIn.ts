import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { DEMO, pinOf } from './hubApi.js';

/**
 * Signing in on the screens, as a person would: every counter (/counter/{n}) and the lead
 * station (/lead, /lead/devices, /lead/recordings) open on a sign-in once their device is
 * enrolled (the demo hub enrols screens on its own machine by itself). The session lives in
 * the page's memory: a reload (page.goto) signs in again.
 */

/** The counter of window n at `page` (already opened): staff id or badge + PIN; waits for the counter. */
export async function signInAtCounter(page: Page, n: number, login: string = DEMO.teller(n).login, pin: string = pinOf(staffIdOf(login))): Promise<void> {
  const screen = page.getByTestId('signin-screen');
  await expect(screen).toBeVisible({ timeout: 30_000 });
  await expect(screen).toHaveAttribute('data-counter', String(n));
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-pin').fill(pin);
  await page.getByTestId('signin-submit').click();
  await expect(screen).toHaveCount(0, { timeout: 30_000 });
}

/** Opens /counter/{n} (with `query`, e.g. "?lang=en") and signs the teller in. */
export async function openCounter(page: Page, hubUrl: string, n: number, query = '', who: { login: string; pin: string } = DEMO.teller(n)): Promise<void> {
  await page.goto(`${hubUrl}/counter/${n}${query}`);
  await signInAtCounter(page, n, who.login, who.pin);
}

/** The lead station at `page` (already opened on one of its pages): waits until the lead's pages show. */
export async function signInAtLead(page: Page, login: string = DEMO.lead.login, pin: string = pinOf(staffIdOf(login))): Promise<void> {
  const form = page.getByTestId('lead-sign-in');
  await expect(form).toBeVisible({ timeout: 30_000 });
  await form.getByTestId('signin-login').fill(login);
  await form.getByTestId('signin-pin').fill(pin);
  await form.getByTestId('signin-submit').click();
  await expect(page.getByTestId('lead-signed-in')).toBeVisible({ timeout: 30_000 });
}

/** Opens a page of the lead station (path "/lead", "/lead/devices", "/lead/recordings", with a query) and signs in. */
export async function openLead(page: Page, hubUrl: string, path = '/lead', who: { login: string; pin: string } = DEMO.lead): Promise<void> {
  await page.goto(`${hubUrl}${path}`);
  await signInAtLead(page, who.login, who.pin);
}

/** "s-1002" for "s-1002" or its badge "1002". */
function staffIdOf(login: string): string {
  return login.startsWith('s-') ? login : `s-${login}`;
}
