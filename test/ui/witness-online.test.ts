/**
 * Sending the latest checkpoint to a reachable witness from the ledger's
 * Witnesses tab, in both languages. The witness is a second workspace this
 * test serves over C2SP tlog-witness on 127.0.0.1 (WitnessServer, as
 * "affix witness serve" does). Log A at size 8 is cosigned and the policy is
 * shown met; a copy of A taken at size 5 (the same log rolled back) is
 * answered 409 with the larger size the witness already cosigned, and the
 * tab says so in words instead of storing anything. axe on both.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { workspaceSealing } from '../../main/services/composition/workspace-sealing';
import { moduleSchemas } from '../../main/services/composition/schema-registry';
import { Workspace } from '../../main/services/core/workspace/workspace';
import { WitnessServer } from '../../main/services/usecases/witness/witness-server';
import { WitnessService } from '../../main/services/usecases/witness/witness-service';
import type { Language } from '../../shared/contract/workspace';
import { launchChromium, openApp, scriptedDialogs } from '../support/bridge';
import { latinSentences } from '../support/latin-sentences';
import { assertAxeClean } from '../support/axe';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const noSeriousAxe = (page: Page, what: string): Promise<void> => assertAxeClean(page, what);

const WORDS = {
  en: { tab: 'Witnesses', cosigned: 'court.example/witness: cosigned size 8.', rolledBack: /court\.example\/witness: has cosigned a larger size of this log/ },
  'zh-CN': { tab: '见证', cosigned: 'court.example/witness：已联署大小 8。', rolledBack: /court\.example\/witness：已联署的本日志大小大于本节点现有大小/ },
} as const;

const entries = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({ type: 'document.anchored' as const, subjects: [String(from + i).padStart(64, '0')] }));

/** Opens the Witnesses tab of the ledger, sets the policy file and sends the latest checkpoint to the reachable witnesses. */
async function sendOnline(page: Page, tab: string, policyFile: string, dialogs: ReturnType<typeof scriptedDialogs>, size: number): Promise<void> {
  await page.locator(`[data-testid="ledger-checkpoint-size"][data-value="${size}"]`).waitFor();
  await page.getByRole('tab', { name: tab }).click();
  await page.getByTestId('witness-no-policy').waitFor();
  dialogs.nextOpen([policyFile]);
  await page.getByTestId('witness-policy-set').click();
  await page.getByTestId('witness-policy').waitFor();
  await page.getByTestId('witness-send-online').click();
}

for (const language of ['en', 'zh-CN'] as const satisfies Language[]) {
  test(`${language}: the checkpoint sent to a loopback witness is cosigned; a rolled-back copy is refused in words`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'affix-witness-online-'));
    const wWorkspace = Workspace.open(join(dir, 'witness'), { create: true, schemas: moduleSchemas });
    const witness = new WitnessService(wWorkspace, workspaceSealing(wWorkspace));
    const wKey = witness.init('court.example/witness').verifierKey;
    const server = new WitnessServer(witness, { host: '127.0.0.1', port: 0, requestTimeoutMs: 5000 });
    const { url } = await server.listen();
    const homeA = join(dir, 'a');
    const homeCopy = join(dir, 'a-at-5');
    try {
      // Log A at size 5, copied as it is (the later "rolled back" node), then grown to 8.
      const first = await openApp({ browser, language, home: homeA });
      first.services.ledger.ensureNode();
      first.services.ledger.appendMany(entries(5, 0));
      first.services.ledger.checkpoint();
      const [origin, logKey] = [first.services.ledger.origin(), first.services.ledger.verifierKey()];
      await first.close();
      cpSync(homeA, homeCopy, { recursive: true });
      witness.addLog(origin, logKey);
      const policyFile = join(dir, 'policy.txt');
      writeFileSync(policyFile, `witness court.example/witness ${wKey} ${url}\nquorum court.example/witness\n`);

      const dA = scriptedDialogs();
      const A = await openApp({ browser, language, home: homeA, route: 'ledger', dialogs: dA });
      try {
        A.services.ledger.appendMany(entries(3, 5));
        A.services.ledger.checkpoint();
        await A.page.reload();
        await sendOnline(A.page, WORDS[language].tab, policyFile, dA, 8);
        await A.page.locator('[data-testid="witness-said"][data-type="info"]').filter({ hasText: WORDS[language].cosigned }).waitFor();
        await A.page.locator('[data-testid="witness-latest"][data-satisfied="true"]').waitFor();
        await A.page.locator('[data-testid="witness-checkpoint-met"][data-size="8"][data-satisfied="true"]').waitFor();
        const stored = A.services.workspace.db.prepare<[], { size: number; witness_key: string }>('SELECT size, witness_key FROM log_cosignatures').all();
        assert.deepEqual(stored, [{ size: 8, witness_key: wKey }], "the witness's cosignature is stored for size 8");
        await noSeriousAxe(A.page, `cosigned (${language})`);
        assert.deepEqual(A.problems(), []);
      } finally {
        await A.close();
      }

      const dB = scriptedDialogs();
      const B = await openApp({ browser, language, home: homeCopy, route: 'ledger', dialogs: dB });
      try {
        await sendOnline(B.page, WORDS[language].tab, policyFile, dB, 5);
        await B.page.locator('[data-testid="witness-said"][data-type="warning"]').filter({ hasText: WORDS[language].rolledBack }).waitFor();
        await B.page.locator('[data-testid="witness-latest"][data-satisfied="false"]').waitFor();
        assert.equal(B.services.workspace.db.prepare('SELECT COUNT(*) FROM log_cosignatures').pluck().get(), 0, 'nothing stored from a refusal');
        await noSeriousAxe(B.page, `refused (${language})`);
        if (language === 'zh-CN') assert.deepEqual(latinSentences(await B.page.getByTestId('ledger-witnesses').innerText()), [], 'witnesses tab');
        assert.deepEqual(B.problems(), []);
      } finally {
        await B.close();
      }
    } finally {
      await server.close();
      wWorkspace.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
