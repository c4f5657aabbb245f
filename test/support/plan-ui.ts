/**
 * Setting the scene for signing-order tests in the window: the workspace is
 * filled through the router (as the CLI would), then the test works in the
 * page. A verified person uses an organisation's seal; another holds their
 * own certificate.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Router } from '../../main/ipc/router';
import type { PageBox, PlannedStep } from '../../shared/contract/plans';
import type { OpenApp } from './bridge';
import { repoRoot } from './repo';
import { personShown } from './person-shown';

export const PASSPHRASE = 'correct horse battery staple';
/** The PIN the person signer chose for their own key (issue #18). */
export const PERSON_PIN = '406 872 sole';
export const ORG_NAME = '北京测试科技有限公司';
const DAY = 86_400_000;
/** A 1×1 PNG standing in for the photograph of an identity document. */
const ID_PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** One router call as the CLI makes it; a refusal fails the test with its code and message. */
export async function invoke<T>(router: Router, method: string, input: unknown): Promise<T> {
  const answer = await router.invoke(method, input, { kind: 'cli' });
  assert.ok(answer.ok, `${method} failed: ${answer.ok ? '' : `${answer.error.code} ${answer.error.message}`}`);
  return answer.value as T;
}

export interface SealScene {
  orgId: string;
  /** A contract seal, authorised for `sealer`. */
  sealId: string;
  sealValidUntil: string;
  sealer: string;
  /** A verified person with their own signing certificate. */
  signer: string;
}

/** Creates a seal of the scene's organisation, valid from yesterday until `validUntil`, and authorises `personId` for it. */
export async function authorisedSeal(
  router: Router,
  scene: Pick<SealScene, 'orgId'>,
  name: string,
  validUntil: Date,
  personId: string,
): Promise<{ sealId: string; validUntil: string }> {
  const seal = await invoke<{ sealId: string; validUntil: string }>(router, 'seals.create', {
    ...{ orgId: scene.orgId, type: 'contract', name, passphrase: PASSPHRASE },
    ...{ validFrom: new Date(Date.now() - DAY).toISOString(), validUntil: validUntil.toISOString() },
  });
  await invoke(router, 'seals.authorize', { sealId: seal.sealId, personId });
  return seal;
}

/** The scene's people, by name and identity number; the window shows them as `shown.sealer` and `shown.signer`. */
const SEALER = ['张三', '11010519491231002X'] as const;
const SIGNER = ['李四', '360426199101010071'] as const;
export const shown = { sealer: personShown(...SEALER), signer: personShown(...SIGNER) };

/**
 * The organisation, 张三 (who uses its contract seal, valid until
 * `sealValidUntil`, a year from now by default) and 李四 (who signs as
 * themselves).
 */
export async function sealScene(router: Router, dir: string, sealValidUntil = new Date(Date.now() + 365 * DAY)): Promise<SealScene> {
  const org = await invoke<{ id: string }>(router, 'orgs.create', { legalName: ORG_NAME, uscc: '91110000600037341L', passphrase: PASSPHRASE });
  const photo = join(dir, 'id-photo.png');
  writeFileSync(photo, ID_PHOTO);
  const verified = async (name: string, number: string): Promise<string> => {
    const checks = { securityFeaturesChecked: true, faceMatched: true, operator: 'Clerk Wang', consentStatement: 'I agree to identity verification.' };
    const person = await invoke<{ id: string }>(router, 'identity.verify', {
      ...{ name, document: { kind: 'resident-id', number }, additionalEvidence: ['household-register'], photoPaths: [photo] },
      ...checks,
      passphrase: PASSPHRASE,
    });
    return person.id;
  };
  const sealer = await verified(...SEALER);
  const signer = await verified(...SIGNER);
  await invoke(router, 'pki.issue', { orgId: org.id, personId: signer, passphrase: PASSPHRASE, pin: PERSON_PIN });
  const seal = await authorisedSeal(router, { orgId: org.id }, '合同专用章', sealValidUntil, sealer);
  return { orgId: org.id, sealId: seal.sealId, sealValidUntil: seal.validUntil, sealer, signer };
}

/** Where the scene's seal goes on contractPdf()'s first page: over 甲方（盖章）. */
export const SEAL_BOX: PageBox = { page: 1, rect: [302, 144, 119, 119] };

/**
 * The two steps of a contract between the scene's parties, to be put in
 * either order: 张三 with the organisation's contract seal over 甲方, and
 * 李四 with their own key over 乙方 (at `personRect` on page 1).
 */
export function twoParties(
  scene: Pick<SealScene, 'sealId' | 'sealer' | 'signer'>,
  personRect: PageBox['rect'] = [72, 144, 200, 70],
): { seal: PlannedStep; person: PlannedStep } {
  return {
    seal: {
      signer: { kind: 'seal', sealId: scene.sealId, asPersonId: scene.sealer },
      appearance: { kind: 'seal', orgName: ORG_NAME, sealText: '合同专用章' },
      box: SEAL_BOX,
      label: '甲方',
    },
    person: { signer: { kind: 'person', personId: scene.signer }, appearance: { kind: 'person' }, box: { page: 1, rect: personRect }, label: '乙方' },
  };
}

/** Adds a PDF to the workspace behind the window's back and reloads the Documents page so it is listed. */
export async function importBehindWindow(app: OpenApp, dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const { id } = app.services.documents.importFile(file, name);
  // A reload while the page is still fetching its chunks would abort them (failed requests count as problems).
  await app.page.getByTestId('documents-table').waitFor();
  await app.page.waitForLoadState('networkidle');
  await app.page.reload();
  return id;
}

/** Opens a document from the list and waits for its first page on the preview. */
export async function openFromList(page: Page, id: string): Promise<void> {
  await page.getByTestId(`document-open-${id}`).click();
  await page.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
}

/** How the signing selects are labelled (their accessible names), in each language. */
export const selectLabels = {
  en: { signer: 'Signer', usedBy: 'Used by (authorised person)', certify: 'Certification of the first signature', newSigner: 'New signer' },
  'zh-CN': { signer: '签署方', usedBy: '用印人（已授权人员）', certify: '第一个签名的认证级别', newSigner: '新签署方' },
} as const;

/** Opens step `step`'s signing dialog and submits `secret`. */
/** `pin`: a person signer's own PIN (issue #18), asked for beside the passphrase. */
export async function submitStep(page: Page, step: number, secret: string, pin?: string): Promise<void> {
  await page.getByTestId(`plan-sign-${step}`).click();
  await page.getByTestId('sign-step-passphrase').fill(secret);
  if (pin !== undefined) await page.getByTestId('sign-step-person-pin').fill(pin);
  await page.getByTestId('sign-step-submit').click();
}

/**
 * Waits until step `step` is shown signed. If it is not, the failure says what
 * the window showed instead (an error in the signing dialog, a bar that stopped,
 * the order as listed), not just that a locator timed out.
 */
export async function awaitSigned(page: Page, step: number, timeout = 30_000): Promise<void> {
  const started = Date.now();
  try {
    await page.locator(`[data-testid="plan-step-${step}"][data-state="signed"]`).waitFor({ timeout });
  } catch (error) {
    const text = async (selector: string) => (await page.locator(selector).allInnerTexts()).join(' | ').replace(/\s+/g, ' ').trim() || '(none)';
    throw new Error(
      `Step ${step} was not shown signed within ${Date.now() - started} ms. Dialog: ${await text('.ant-modal')}. Order: ${await text('[data-testid="plan-progress"]')}. Errors on the page: ${await text('[data-testid="error-alert"]')}`,
      { cause: error },
    );
  }
}

/** The ledger entries appended since the ledger had `size` entries. */
export const entriesSince = (app: OpenApp, size: number) => app.services.ledger.entries(size, 100_000).map((e) => e.entry);

/** The open dialog: no serious or critical axe violation (WCAG 2.1 A/AA), and a screenshot for the docs as docs/screenshots/`shot`.png. */
export async function checkDialog(page: Page, shot: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).include('.ant-modal').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${shot}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ') + ' ' + n.html + ' ' + n.failureSummary).join(', ')}`);
  assert.deepEqual(bad, []);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `${shot}.png`), animations: 'disabled' });
}
