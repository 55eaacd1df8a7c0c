import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** Takes one step on a complaint's page at the lead station: opens its form, lets `fill` fill it, sends it and waits for the page to reload. */
export async function complaintStep(lead: Page, action: string, fill: (form: ReturnType<Page['getByTestId']>) => Promise<unknown> = async () => undefined): Promise<void> {
  await lead.getByTestId(`complaint-step-${action}`).click();
  const form = lead.getByTestId(`step-form-${action}`);
  await expect(form).toBeVisible();
  await fill(form);
  await form.getByTestId('step-submit').click();
  await expect(lead.getByTestId('complaint-step-done')).toHaveAttribute('data-action', action);
}
