/**
 * A workspace reached through the router (as the renderer reaches it), with
 * helpers to set up the signers a signing order needs: an organisation, two
 * verified people, a certificate for one and a contract seal the other may use.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import type { ErrorInfo } from '../../../shared/errors/affix-error';
import { PDFDocument } from '@cantoo/pdf-lib';
import { contractPdf } from '../../support/appearance-fixtures';
import { tempHome } from '../../support/cli';
import { corpusDir, corpusPdfOrStandIn } from '../../support/corpus';
import { PASSPHRASE, PERSON_PIN, tinyPng, USCC } from '../identity/fixtures';

export { PASSPHRASE, PERSON_PIN };
export const corpusPdf = (name: string): string => join(corpusDir, 'pdfjs', name);
/** A corpus PDF, or a stand-in made here when the corpus is absent (for tests that need just some PDF). */
export const somePdf = corpusPdfOrStandIn;

/** The contract PDF of the appearance tests, titled `title` so that each test gets a document of its own. */
export async function titledContract(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await contractPdf(), { updateMetadata: false });
  doc.setTitle(title);
  return doc.save({ useObjectStreams: false });
}

export class Bench {
  readonly services: Services;
  readonly router: Router;
  readonly dir = mkdtempSync(join(tmpdir(), 'affix-plans-'));
  /** The workspace folder (a second openServices on it stands for another process). */
  readonly home = tempHome('affix-plans-home-');

  constructor() {
    this.services = openServices(this.home, { create: true, ledger: { checkpointIntervalMs: 0 } });
    this.router = createAppRouter(this.services);
  }

  async call<T>(method: string, input: unknown): Promise<T> {
    const r = await this.router.invoke(method, input, { kind: 'cli' });
    assert.ok(r.ok, `${method}: ${r.ok ? '' : `${r.error.code} ${r.error.message}`}`);
    return r.value as T;
  }

  /** Calls a method that must fail; returns its error. */
  async fail(method: string, input: unknown): Promise<ErrorInfo> {
    const r = await this.router.invoke(method, input, { kind: 'cli' });
    assert.ok(!r.ok, `${method} should have failed`);
    return r.error;
  }

  /** Imports a corpus PDF (a stand-in made here when the corpus is absent: tests that need the file itself skip then). */
  async importCorpus(name: string): Promise<{ id: string; sha256: string }> {
    const path = join(this.dir, name);
    copyFileSync(somePdf(name), path);
    return this.call('documents.import', { path });
  }

  async importContract(name: string): Promise<{ id: string; sha256: string; name: string }> {
    return this.call('documents.importBytes', { name, base64: Buffer.from(await titledContract(name)).toString('base64') });
  }

  file(name: string, bytes: Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  /** An organisation, a seal authorised for `sealer`, and `signer` with a personal certificate (test/ui/journey.test.ts could share this). */
  async signers(): Promise<{ sealId: string; sealer: string; signer: string; orgId: string }> {
    const org = await this.call<{ id: string }>('orgs.create', { legalName: '北京测试科技有限公司', uscc: USCC, passphrase: PASSPHRASE });
    const evidence = {
      additionalEvidence: ['household-register'],
      securityFeaturesChecked: true,
      faceMatched: true,
      photoPaths: [this.file('id-card.png', tinyPng())],
    };
    const consent = { operator: 'Clerk Wang', consentStatement: 'I agree to identity verification.', passphrase: PASSPHRASE };
    const person = async (name: string, number: string): Promise<string> =>
      (await this.call<{ id: string }>('identity.verify', { name, document: { kind: 'resident-id', number }, ...evidence, ...consent })).id;
    const [sealer, signer] = [await person('张三', '11010519491231002X'), await person('李四', '360426199101010071')];
    await this.call('pki.issue', { orgId: org.id, personId: signer, passphrase: PASSPHRASE, pin: PERSON_PIN });
    const day = 86_400_000;
    const validity = { validFrom: new Date(Date.now() - day).toISOString(), validUntil: new Date(Date.now() + 365 * day).toISOString() };
    const { sealId } = await this.call<{ sealId: string }>('seals.create', {
      orgId: org.id,
      type: 'contract',
      name: '合同专用章',
      ...validity,
      passphrase: PASSPHRASE,
    });
    await this.call('seals.authorize', { sealId, personId: sealer });
    return { sealId, sealer, signer, orgId: org.id };
  }

  close(): void {
    this.services.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
