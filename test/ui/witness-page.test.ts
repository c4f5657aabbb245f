/**
 * Consortium witnessing through the window, in both languages: workspace A
 * (a log) sets a witness policy naming W (1 of 2 in a group) and writes a
 * request file; W, a second workspace in the same test, creates its witness
 * key, pins A's log and cosigns the request file into a response file; A
 * reads the response and sees W's cosignature and the policy met. A forked
 * log (same origin and key, another history) is refused on W's page, in
 * words, with the checkpoint kept as evidence. axe on both pages; no English
 * sentence on the zh-CN pages.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ed25519PublicKey, ed25519RandomSeed } from '../../shared/ledger/ed25519';
import { formatVerifierKey, verifierKey, SIG_COSIGNATURE_V1 } from '../../shared/ledger/note';
import { LogWitnessing } from '../../main/services/usecases/witness/log-witnessing';
import { launchChromium, openApp, scriptedDialogs } from '../support/bridge';
import { latinSentences } from '../support/latin-sentences';
import { repoRoot } from '../support/repo';
import { TestLog } from '../unit/witness/fixtures/test-log';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function noSeriousAxe(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${what}: axe violations`,
  );
}

/** The command shown on W's page is a code, not a sentence. */
const CODES = ['affix witness serve'];

for (const language of ['en', 'zh-CN'] as const) {
  test(`${language}: A's request cosigned on W's page meets A's policy; a forked log is refused in words`, async () => {
    const dirs = mkdtempSync(join(tmpdir(), 'affix-witness-files-'));
    const dA = scriptedDialogs();
    const dW = scriptedDialogs();
    const A = await openApp({ browser, language, route: 'ledger', dialogs: dA });
    const W = await openApp({ browser, language, route: 'witness', dialogs: dW });
    try {
      // W: no witness yet → create the key under a name.
      await W.page.getByTestId('witness-none').waitFor();
      await W.page.getByTestId('witness-name').fill('court.example/witness');
      await W.page.getByTestId('witness-create').click();
      const wKey = (await W.page.getByTestId('witness-verifier-key').textContent())!;
      assert.match(wKey, /^court\.example\/witness\+[0-9a-f]{8}\+/);

      // A: a log with entries and a checkpoint; a policy naming W and a notary in a 1-of-2 group.
      A.services.ledger.ensureNode();
      A.services.ledger.appendMany(
        Array.from({ length: 5 }, (_, i) => ({ type: 'document.anchored' as const, subjects: [String(i).repeat(64).slice(0, 64)] })),
      );
      A.services.ledger.checkpoint();
      const notary = formatVerifierKey(verifierKey('notary.example/witness', SIG_COSIGNATURE_V1, ed25519PublicKey(ed25519RandomSeed())));
      const policyFile = join(dirs, 'policy.txt');
      writeFileSync(
        policyFile,
        `witness court.example/witness ${wKey}\nwitness notary.example/witness ${notary}\ngroup courts 1 court.example/witness notary.example/witness\nquorum courts\n`,
      );

      await A.page.getByTestId('ledger-refresh').click();
      await A.page.locator('[data-testid="ledger-checkpoint-size"][data-value="5"]').waitFor();
      await A.page.getByRole('tab', { name: language === 'en' ? 'Witnesses' : '见证' }).click();
      await A.page.getByTestId('witness-no-policy').waitFor();
      dA.nextOpen([policyFile]);
      await A.page.getByTestId('witness-policy-set').click();
      await A.page.getByTestId('witness-policy').waitFor();
      assert.equal(await A.page.getByTestId('witness-policy-witness').count(), 2);
      assert.match((await A.page.getByTestId('witness-quorum').textContent())!, /courts/);
      assert.equal(await A.page.getByTestId('witness-latest').getAttribute('data-satisfied'), 'false');

      // A writes the request file: exactly the tlog-witness body the usecase makes.
      const requestFile = join(dirs, 'request.txt');
      dA.nextSave(requestFile);
      await A.page.getByTestId('witness-write-request').click();
      await A.page.getByTestId('witness-said').waitFor();
      const body = readFileSync(requestFile, 'utf8');
      assert.equal(body, new LogWitnessing(A.services.workspace, A.services.ledger).request().body);
      assert.match(body, /^old 0\n\n/);

      // W pins A's log and cosigns the request file into a response file.
      const { origin, verifierKey: logKey } = { origin: A.services.ledger.origin(), verifierKey: A.services.ledger.verifierKey() };
      await W.page.getByTestId('witness-log-origin').fill(origin);
      await W.page.getByTestId('witness-log-key').fill(logKey);
      await W.page.getByTestId('witness-pin').click();
      await W.page.getByTestId('witness-logs').getByText(origin).waitFor();
      const responseFile = join(dirs, 'response.txt');
      dW.nextOpen([requestFile]);
      dW.nextSave(responseFile);
      await W.page.getByTestId('witness-cosign').click();
      await W.page.getByTestId('witness-cosigned').waitFor();
      assert.match(readFileSync(responseFile, 'utf8'), /^— court\.example\/witness \S+\n$/);
      await W.page.getByTestId('witness-log-size').filter({ hasText: '5' }).waitFor();

      // A reads the response: W's cosignature on the checkpoint, and the policy met.
      dA.nextOpen([responseFile]);
      await A.page.getByTestId('witness-read-response').click();
      await A.page.locator('[data-testid="witness-latest"][data-satisfied="true"]').waitFor();
      await A.page.locator('[data-testid="witness-checkpoint-met"][data-size="5"][data-satisfied="true"]').waitFor();
      assert.match((await A.page.getByTestId('witness-checkpoints').textContent())!, /court\.example\/witness/);

      // A forked log: W cosigned size 3 of log L, then gets a checkpoint of size 3 with another root.
      const L = new TestLog('example.test/forked-log').append(3);
      await W.page.getByTestId('witness-log-origin').fill(L.origin);
      await W.page.getByTestId('witness-log-key').fill(L.vkey);
      await W.page.getByTestId('witness-pin').click();
      await W.page.getByTestId('witness-logs').getByText(L.origin).waitFor();
      assert.equal(W.services.workspace.db.prepare('SELECT COUNT(*) FROM witness_logs').pluck().get(), 2);
      const fork = L.fork();
      const honest = join(dirs, 'honest.txt');
      writeFileSync(honest, L.request(0));
      dW.nextOpen([honest]);
      dW.nextSave(join(dirs, 'honest-response.txt'));
      await W.page.getByTestId('witness-cosign').click();
      await W.page.getByTestId('witness-cosigned').filter({ hasText: L.origin }).waitFor();
      fork.leaves[2] = L.leaves[0]; // same size, another root
      const forked = join(dirs, 'forked.txt');
      writeFileSync(forked, fork.request(3));
      dW.nextOpen([forked]);
      dW.nextSave(join(dirs, 'forked-response.txt'));
      await W.page.getByTestId('witness-cosign').click();
      const refused = W.page.getByTestId('witness-refused');
      await refused.waitFor();
      assert.equal(await refused.getAttribute('data-kind'), 'equivocation');
      const refusal = W.page.locator('[data-testid="witness-refusal"][data-kind="equivocation"]');
      await refusal.waitFor();
      const words = (await refusal.textContent())!;
      assert.match(words, new RegExp(L.origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
      assert.match(words, language === 'en' ? /size 3.*Equivocation: this witness already cosigned size 3/s : /大小 3.*双重陈述/s);

      await noSeriousAxe(W.page, `witness page (${language})`);
      await noSeriousAxe(A.page, `ledger witnesses tab (${language})`);
      if (language === 'zh-CN') {
        assert.deepEqual(latinSentences(await W.page.locator('body').innerText(), CODES), [], 'witness page');
        assert.deepEqual(latinSentences(await A.page.locator('body').innerText()), [], 'ledger witnesses tab');
      }
      await W.page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `witness-${language}.png`), fullPage: true });
      await A.page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `ledger-witnesses-${language}.png`), fullPage: true });
      assert.deepEqual(A.problems(), []);
      assert.deepEqual(W.problems(), []);
    } finally {
      await A.close();
      await W.close();
    }
  });
}
