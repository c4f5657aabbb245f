/**
 * An Ant Design dialog, once it has finished opening. While its zoom-in runs
 * (the `*-zoom-appear` / `*-zoom-enter` classes on the dialog), a click on its
 * submit could be lost on a loaded CI machine (a decline dialog's first
 * submit showed nothing); waiting for the motion to end is the state that
 * matters, where a retried click only hid the race.
 */
import type { Locator, Page } from 'playwright-core';

/** The dialog named `name` (its title), returned once its opening motion is over. */
export async function openedDialog(page: Page, name: string | RegExp): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name, exact: typeof name === 'string' });
  await dialog.and(page.locator('.ant-modal:not([class*="-zoom-appear"]):not([class*="-zoom-enter"])')).waitFor();
  return dialog;
}
