/**
 * Settings → Time-stamping in Chromium over the bridge, in English and
 * Chinese: a URL that is not http(s) is refused in the reader's language
 * before anything is sent; "Test" against a TSA this test serves on
 * 127.0.0.1 says it answered, and against a closed port says it did not;
 * "Save" keeps the URL in the workspace (the setting signing uses for
 * PAdES B-T) and "Clear" removes it. Axe finds no serious or critical
 * violation on the card. Screenshots: docs/screenshots/settings-tsa-{en,zh-CN}.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTsaServer, type TsaServer } from '../../main/services/usecases/tsa/tsa-http';
import { tsaServiceOf } from '../../main/services/usecases/tsa/tsa-of';
import { tsaUrlSetting } from '../../main/services/usecases/tsa/tsa-settings';
import type { Language } from '../../shared/contract/workspace';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { assertAxeClean } from '../support/axe';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const PASSPHRASE = 'correct horse battery staple';
const USCC = '91110000600037341L';
let browser: Browser;

before(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

const axe = (page: Page, where: string): Promise<void> => assertAxeClean(page, where, '[data-testid="settings-tsa"]');

const shows = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).waitFor();

const WORDS = {
  en: {
    scheme: 'The URL must start with http:// or https://.',
    reachable: /The TSA answered/,
    unreachable: /did not answer/,
    saved: /Saved/,
    cleared: /Cleared/,
    none: /No TSA/,
  },
  'zh-CN': {
    scheme: '地址必须以 http:// 或 https:// 开头。',
    reachable: /时间戳服务已应答/,
    unreachable: /没有应答/,
    saved: /已保存/,
    cleared: /已清除/,
    none: /未设置时间戳服务/,
  },
} as const;

for (const language of ['en', 'zh-CN'] as const satisfies Language[]) {
  test(`Settings time-stamping card (${language}): validate, test against a loopback TSA, save and clear`, async () => {
    const app = await openApp({ browser, language, route: 'settings' });
    const { page, services } = app;
    const words = WORDS[language];
    let server: TsaServer | undefined;
    try {
      await services.pki.createOrg({ legalName: '北京某某公证处', uscc: USCC, representatives: [], passphrase: PASSPHRASE });
      const tsa = await tsaServiceOf(services).init({ name: 'Loopback TSA', passphrase: PASSPHRASE });
      server = await startTsaServer(tsaServiceOf(services).open(tsa.id, PASSPHRASE), { host: '127.0.0.1', port: 0 });
      const card = page.getByTestId('settings-tsa');
      await shows(page.getByTestId('settings-tsa-state'), words.none);

      const url = page.getByTestId('settings-tsa-url');
      await url.fill('ftp://tsa.example.org/');
      await page.getByTestId('settings-tsa-save').click();
      await shows(card, words.scheme);
      assert.equal(tsaUrlSetting(services.workspace), undefined, 'a refused URL is not stored');

      await url.fill('http://127.0.0.1:9/');
      await page.getByTestId('settings-tsa-test').click();
      await shows(card.getByRole('alert'), words.unreachable);

      await url.fill(server.url);
      await page.getByTestId('settings-tsa-test').click();
      await shows(page.getByTestId('settings-tsa-reachable'), words.reachable);
      assert.equal(tsaServiceOf(services).list()[0].tokensIssued, 1, 'the test asked the TSA for one token');
      await axe(page, `settings-tsa/${language}/tested`);

      await page.getByTestId('settings-tsa-save').click();
      await shows(page.getByTestId('settings-tsa-saved'), words.saved);
      await shows(page.getByTestId('settings-tsa-state'), server.url);
      assert.equal(tsaUrlSetting(services.workspace), server.url);
      await card.screenshot({ path: join(SCREENSHOTS, `settings-tsa-${language}.png`) });

      await page.getByTestId('settings-tsa-clear').click();
      await shows(page.getByTestId('settings-tsa-saved'), words.cleared);
      await shows(page.getByTestId('settings-tsa-state'), words.none);
      assert.equal(tsaUrlSetting(services.workspace), undefined);
      assert.deepEqual(app.problems(), []);
    } finally {
      await server?.close();
      await app.close();
    }
  });
}
