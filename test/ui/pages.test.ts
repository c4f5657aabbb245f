/**
 * Every area of the app, in both languages: reachable from the navigation,
 * titled in the right language, free of console errors under the CSP, and
 * without serious or critical axe accessibility violations. Saves a
 * screenshot of each page per language under docs/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Language } from '../../shared/contract/workspace';
import { launchChromium, openApp } from '../support/bridge';
import { corpusPdfOrStandIn } from '../support/corpus';
import { repoRoot } from '../support/repo';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');

/** Page headings per language: the catalogue's own words, so a missing translation shows up here too. */
const PAGES: Record<string, Record<Language, string>> = {
  documents: { en: 'Documents & Signing', 'zh-CN': '文档与签署' },
  envelopes: { en: 'Signing envelopes', 'zh-CN': '签署信封' },
  verify: { en: 'Verify', 'zh-CN': '验证' },
  ledger: { en: 'Ledger', 'zh-CN': '存证账本' },
  witness: { en: 'Witness', 'zh-CN': '见证' },
  identities: { en: 'Identities & Seals', 'zh-CN': '身份与印章' },
  certificates: { en: 'Electronic certificates', 'zh-CN': '电子证照' },
  timestamps: { en: 'Time-stamps', 'zh-CN': '时间戳' },
  settings: { en: 'Settings', 'zh-CN': '设置' },
  status: { en: 'Workspace status', 'zh-CN': '工作区状态' },
};

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

for (const language of ['en', 'zh-CN'] as const) {
  test(`every page in ${language}: navigable, translated, accessible, screenshotted`, async () => {
    const app = await openApp({ browser, language });
    const { page } = app;
    try {
      app.services.documents.importFile(corpusPdfOrStandIn('bug911034.pdf'));
      await page.getByTestId('status-view').waitFor();
      for (const [route, titles] of Object.entries(PAGES)) {
        await page.getByTestId(`nav-${route}`).click();
        await page.getByRole('heading', { level: 3, name: titles[language], exact: true }).waitFor();
        assert.equal(await page.getByTestId(`page-${route}`).count(), 1);
        assert.equal(new URL(page.url()).hash, `#/${route}`);
        // Wait for the page's own data (no skeleton, no spinner) before judging it.
        await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' });

        const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        const bad = axe.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${route}/${language}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        assert.deepEqual(bad, []);

        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(SCREENSHOTS, `${route}-${language}.png`), fullPage: true });
      }
      assert.deepEqual(app.problems(), []);
    } finally {
      await app.close();
    }
  });
}

test('the menu works from the keyboard', async () => {
  const app = await openApp({ browser, language: 'en' });
  const { page } = app;
  try {
    await page.getByTestId('status-view').waitFor();
    // Tab lands on the menu first; arrows move within it, Enter opens the page.
    // rc-menu moves focus in an animation frame, so wait for it rather than read it at once.
    const focused = (attr: string, value: string) =>
      page.waitForFunction(([a, v]) => document.activeElement?.getAttribute(a) === v, [attr, value], { timeout: 5000 });
    await page.keyboard.press('Tab');
    await focused('role', 'menu');
    await page.keyboard.press('ArrowDown'); // focuses the current item (Workspace status)
    await focused('data-testid', 'nav-status');
    await page.keyboard.press('ArrowDown');
    await focused('data-testid', 'nav-documents');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 3, name: 'Documents & Signing', exact: true }).waitFor();
    assert.equal(new URL(page.url()).hash, '#/documents');
  } finally {
    await app.close();
  }
});
