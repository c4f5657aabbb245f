/**
 * The accessibility bar every page and dialog must clear (issue 21): axe-core
 * over WCAG 2.1 A and AA finds no serious or critical violation. A failure
 * names where the page was, each rule and the elements it caught.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** `include`: a CSS selector to check only that part (a card, a dialog); the whole page otherwise. */
export async function assertAxeClean(page: Page, where: string, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(WCAG);
  const result = await (include ? builder.include(include) : builder).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, [], `${where}: axe found serious or critical violations`);
}
