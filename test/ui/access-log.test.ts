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

test('the access log tab lists a refused reveal with its actor and reason', async () => {
  const app = await openApp({ browser, language: 'en', route: 'identities' });
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

    await page.getByRole('tab', { name: 'Access log' }).click();
    const table = page.getByTestId('access-log');
    await table.getByText('court order 17').waitFor();
    assert.match((await table.textContent()) ?? '', /reveal.*refused.*clerk-7/s);
    await page.getByTestId('access-no-custodians').waitFor();
    assert.doesNotMatch((await table.textContent()) ?? '', /张三/, 'no personal data in the log');
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'access-log-en.png') });
  } finally {
    await app.close();
  }
});
