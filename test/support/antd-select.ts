/**
 * Choosing options in Ant Design selects, as a person does: open the select
 * by its accessible name, click the option showing the wanted text, and go
 * on only once the list has closed and the select shows the choice. Every
 * wait is for a state of the page, never a fixed time, and nothing is
 * clicked twice: a click that does not take fails with what the page showed.
 *
 * The races these waits close (seen on a loaded CI machine):
 *  - a select whose options are still loading (`loading`, e.g. the signers)
 *    re-renders its list under the pointer: it is opened only once loaded;
 *  - a list clicked during its opening slide is not settled: the option is
 *    clicked only once the list has finished appearing;
 *  - the next control was clicked while a list still lay over it (a multiple
 *    select stays open after a choice): each helper returns only when the
 *    list it opened is hidden.
 *
 * antd renders a virtual list: its role=option nodes are a 0×0 mirror for
 * screen readers holding at most three options around the active one, so
 * the visible row (same text) is the one clicked. The dropdown is the one
 * owning the listbox the combobox controls (`aria-controls`), never merely
 * the newest on the page.
 */
import type { Locator, Page } from 'playwright-core';

/** Where to look for the select: the page, or a part of it (a dialog, a step's card) when names repeat. */
export type Scope = Page | Locator;
/** Text as a person reads it: a string matches as a substring, a RegExp as written. */
export type Text = string | RegExp;

const pageOf = (scope: Scope): Page => ('page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page));

/** The select's combobox, by accessible name (its label or aria-label). */
export const selectNamed = (scope: Scope, name: Text): Locator => scope.getByRole('combobox', { name, exact: typeof name === 'string' });

/** The select's outer element (it shows the chosen value, and `ant-select-loading` while its options load). */
const selectRoot = (combobox: Locator): Locator =>
  combobox.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');

interface OpenList {
  combobox: Locator;
  root: Locator;
  /** Its dropdown while open: hidden once closed (a closed one loses the match). */
  dropdown: Locator;
  /** Its visible rows. */
  options: Locator;
}

/** Opens the select once its options have loaded; returns when its own list has finished appearing. */
async function openList(scope: Scope, name: Text): Promise<OpenList> {
  const page = pageOf(scope);
  const combobox = selectNamed(scope, name);
  const root = selectRoot(combobox);
  await root.and(page.locator('.ant-select:not(.ant-select-loading):not(.ant-select-disabled)')).waitFor();
  await combobox.click();
  await selectNamed(scope, name).and(page.locator('[aria-expanded="true"]')).waitFor();
  const listId = await combobox.getAttribute('aria-controls');
  if (!listId) throw new Error(`The select “${String(name)}” opened without naming its list (aria-controls).`);
  // Open (not yet hidden): two forms with a field of the same name give two lists the same id, only one of them open.
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').filter({ has: page.locator(`[id="${listId}"]`) });
  // Settled: its opening motion (antd's slide-up appear/enter classes) is over.
  await dropdown.and(page.locator('.ant-select-dropdown:not([class*="-appear"]):not([class*="-enter"])')).waitFor();
  return { combobox, root, dropdown, options: dropdown.locator('.ant-select-item-option') };
}

/** Waits until the list is hidden and the select shows every one of `chosen`. */
async function settle(list: OpenList, name: Text, chosen: readonly Text[]): Promise<void> {
  await list.dropdown.waitFor({ state: 'hidden' });
  for (const text of chosen) {
    await list.root
      .filter({ hasText: text })
      .waitFor()
      .catch((error: unknown) => {
        throw new Error(`The select “${String(name)}” does not show the choice ${String(text)}.`, { cause: error });
      });
  }
}

/** In a single select named `name`, chooses the one option showing `option`; returns once the list is closed and the choice shown. */
export async function chooseOption(scope: Scope, name: Text, option: Text): Promise<void> {
  const list = await openList(scope, name);
  await list.options.filter({ hasText: option }).click();
  await settle(list, name, [option]);
}

/**
 * In a multiple select named `name`, chooses each of `options` (a multiple
 * select stays open after a choice), then closes its list with Escape. Escape
 * is pressed only while that list is open: antd's Escape goes to the topmost
 * open layer, so it closes the list, never the dialog holding the select.
 */
export async function chooseOptions(scope: Scope, name: Text, options: readonly Text[]): Promise<void> {
  const list = await openList(scope, name);
  for (const option of options) {
    const row = list.options.filter({ hasText: option });
    await row.click();
    await row.and(pageOf(scope).locator('.ant-select-item-option-selected')).waitFor();
  }
  await list.dropdown.waitFor();
  await pageOf(scope).keyboard.press('Escape');
  await settle(list, name, options);
}

/** Opens the select named `name` to read its rows (e.g. which are disabled); `close` shuts the list and waits until it is hidden. */
export async function openOptions(scope: Scope, name: Text): Promise<{ options: Locator; close: () => Promise<void> }> {
  const list = await openList(scope, name);
  return {
    options: list.options,
    close: async () => {
      await pageOf(scope).keyboard.press('Escape');
      await list.dropdown.waitFor({ state: 'hidden' });
    },
  };
}
