/**
 * The access log in the window (issue #18): Identities & Seals → Access log
 * lists a refused reveal (no custodians yet) with who asked and why, and
 * warns that no custodians are set; the screenshot goes to docs/screenshots.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { tinyPng } from '../unit/identity/fixtures';
import { writeFileSync } from 'node:fs';

const PASSPHRASE = 'correct horse battery staple';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const WORDS = {
  en: { tab: 'Access log', row: /reveal.*refused.*clerk-7/s },
  'zh-CN': { tab: '访问日志', row: /查看.*已拒绝.*clerk-7/s },
} as const;

for (const language of ['en', 'zh-CN'] as const)
  test(`the access log tab lists a refused reveal with its actor and reason (${language})`, async () => {
    const app = await openApp({ browser, language, route: 'identities' });
    const { page, router, home } = app;
    try {
      const photo = join(home, 'photo.png');
      writeFileSync(photo, tinyPng());
      const sender = { kind: 'cli' } as const;
      const person = await router.invoke(
        'identity.verify',
        {
          name: '张三',
          document: { kind: 'resident-id', number: '11010519491231002X' },
          additionalEvidence: ['household-register'],
          securityFeaturesChecked: true,
          faceMatched: true,
          photoPaths: [photo],
          operator: 'Clerk Wang',
          consentStatement: 'I agree to identity verification.',
          passphrase: PASSPHRASE,
        },
        sender,
      );
      assert.ok(person.ok, JSON.stringify(person));
      const id = (person.value as { id: string }).id;
      const reveal = await router.invoke('identity.get', { id, passphrase: PASSPHRASE, reason: 'court order 17', actor: 'clerk-7' }, sender);
      assert.equal(!reveal.ok && reveal.error.code, 'REFUSED');

      await page.getByRole('tab', { name: WORDS[language].tab }).click();
      const table = page.getByTestId('access-log');
      await table.getByText('court order 17').waitFor();
      // The person is named as everywhere else in the window: masked name and the document's last digits.
      await table.getByText(/张\*.*002X/).waitFor();
      const text = (await table.textContent()) ?? '';
      assert.match(text, WORDS[language].row);
      assert.doesNotMatch(text, /person-[0-9a-f]/, 'people by name, not by record id');
      await page.getByTestId('access-no-custodians').waitFor();
      assert.doesNotMatch(text, /张三/, 'no personal data in the log');
      // The tab's ink bar slides over in a CSS transition: photograph it where it ends.
      await page.locator('.ant-tabs-ink-bar').evaluate((bar) => Promise.all(bar.getAnimations().map((a) => a.finished)));
      await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `access-log-${language}.png`) });
    } finally {
      await app.close();
    }
  });
