/**
 * The Time-stamps page in Chromium over the bridge, in English and Chinese,
 * against the real services: the empty state points to creating a TSA; the
 * create dialog asks for the workspace passphrase only after the main
 * process refuses without it; the new TSA is listed (organisation, policy,
 * tokens issued) with the command that serves it; a query file chosen in
 * the (scripted) open dialog is answered into the reply file chosen in the
 * save dialog; with that TSA served on 127.0.0.1 and set in Settings, the
 * latest checkpoint is time-stamped and listed. Axe finds no serious or
 * critical violation on the page and in its dialogs. Screenshots:
 * docs/screenshots/timestamps-{en,zh-CN}.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { createTimestampRequest } from '../../main/services/usecases/tsa/timestamp-request';
import { tokenFromReply } from '../../main/services/usecases/tsa/tsa-client';
import { startTsaServer } from '../../main/services/usecases/tsa/tsa-http';
import { tsaServiceOf } from '../../main/services/usecases/tsa/tsa-of';
import { setTsaUrlSetting } from '../../main/services/usecases/tsa/tsa-settings';
import type { Language } from '../../shared/contract/workspace';
import { launchChromium, openApp, scriptedDialogs } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { tempDir } from '../support/signing-fixtures';
import { assertAxeClean } from '../support/axe';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const PASSPHRASE = 'correct horse battery staple';
const USCC = '91110000600037341L';
let browser: Browser;
const tmp = tempDir('affix-ui-timestamps-');

before(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  tmp.cleanup();
});

const axe = (page: Page, where: string): Promise<void> => assertAxeClean(page, where);

/** Waits until the element shows `text` (the page's state, not a fixed sleep). */
const shows = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).waitFor();

const WORDS = {
  en: { empty: /runs no TSA yet/, ask: /needs the workspace passphrase/, stamped: /saved to q\.tsr/, checkpoint: /was time-stamped for/ },
  'zh-CN': { empty: /尚未运行时间戳服务/, ask: /工作区口令/, stamped: /已保存到 q\.tsr/, checkpoint: /已加盖时间戳/ },
} as const;

for (const language of ['en', 'zh-CN'] as const satisfies Language[]) {
  test(`Time-stamps page (${language}): create a TSA, stamp a query file, time-stamp the latest checkpoint`, async () => {
    const dir = join(tmp.dir, language);
    mkdirSync(dir, { recursive: true });
    const dialogs = scriptedDialogs();
    const app = await openApp({ browser, language, route: 'timestamps', dialogs });
    const words = WORDS[language];
    const { page, services } = app;
    try {
      await services.pki.createOrg({ legalName: '北京某某公证处', uscc: USCC, representatives: [], passphrase: PASSPHRASE });
      await page.reload();
      await shows(page.getByTestId('tsa-empty'), words.empty);
      await page.getByTestId('tsa-checkpoints-no-tsa').waitFor();
      await axe(page, `timestamps/${language}/empty`);

      // Create: the first submit has no passphrase; the refusal makes the dialog ask for it.
      await page.getByTestId('tsa-create').click();
      await page.getByTestId('tsa-create-name').fill('公证处时间戳服务');
      await page.getByTestId('tsa-create-submit').click();
      await shows(page.getByTestId('tsa-create-passphrase-why'), words.ask);
      await axe(page, `timestamps/${language}/create-dialog`);
      await page.getByTestId('tsa-create-passphrase').fill(PASSPHRASE);
      await page.getByTestId('tsa-create-submit').click();
      await shows(page.getByTestId('tsa-list'), '北京某某公证处');
      await shows(page.getByTestId('tsa-list'), '0.4.0.2023.1.1');
      await shows(page.getByTestId('tsa-tokens-公证处时间戳服务'), '0');
      const [tsa] = tsaServiceOf(services).list();
      await shows(page.getByTestId('tsa-serve'), `affix tsa serve --tsa-id ${tsa.id} --listen 127.0.0.1:3161`);

      // Stamp a query file into a reply file, both through the main process's dialogs.
      const queryPath = join(dir, 'q.tsq');
      const replyPath = join(dir, 'q.tsr');
      const imprint = new Uint8Array(32).fill(9);
      writeFileSync(queryPath, createTimestampRequest('SHA-256', imprint).der);
      dialogs.nextOpen([queryPath]);
      dialogs.nextSave(replyPath);
      await page.getByTestId('tsa-stamp-公证处时间戳服务').click();
      await page.getByTestId('tsa-stamp-query').click();
      await shows(page.getByTestId('tsa-stamp-query-name'), 'q.tsq');
      await page.getByTestId('tsa-stamp-reply').click();
      await shows(page.getByTestId('tsa-stamp-reply-name'), 'q.tsr');
      await page.getByTestId('tsa-stamp-submit').click();
      await page.getByTestId('tsa-stamp-passphrase-why').waitFor();
      await page.getByTestId('tsa-stamp-passphrase').fill(PASSPHRASE);
      await page.getByTestId('tsa-stamp-submit').click();
      await shows(page.getByTestId('tsa-stamp-done'), words.stamped);
      await axe(page, `timestamps/${language}/stamp-dialog`);
      assert.deepEqual(dialogs.asked, ['open:timestamp-query', 'save:timestamp-reply:q.tsr']);
      assert.deepEqual([...tokenFromReply(readFileSync(replyPath), undefined, 'q.tsr').imprint], [...imprint]);
      await page.getByTestId('tsa-stamp-submit').click();
      await shows(page.getByTestId('tsa-tokens-公证处时间戳服务'), '1');

      // Served on loopback and set as the workspace's TSA: the latest checkpoint gets a token.
      const server = await startTsaServer(tsaServiceOf(services).open(tsa.id, PASSPHRASE), { host: '127.0.0.1', port: 0 });
      try {
        setTsaUrlSetting(services.workspace, server.url);
        await page.reload();
        await page.getByTestId('tsa-checkpoints-empty').waitFor();
        await page.getByTestId('tsa-checkpoint-now').click();
        await shows(page.getByTestId('tsa-checkpoint-done'), words.checkpoint);
        await shows(page.getByTestId('tsa-checkpoint-list'), server.url);
        await axe(page, `timestamps/${language}/checkpoints`);
        await page.screenshot({ path: join(SCREENSHOTS, `timestamps-${language}.png`), fullPage: true });
      } finally {
        await server.close();
      }
      assert.deepEqual(app.problems(), []);
    } finally {
      await app.close();
    }
  });
}
