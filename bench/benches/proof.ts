/**
 * Proof packages (issue 7): export and offline verification of a document
 * with 5 signatures and 100 audit events, and the package's size. Reference
 * in the same run: verifying the PDF's signatures alone (verifyPdf), which
 * every package verification includes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openServices } from '../../main/services/composition/container';
import { PACKAGE_FILES } from '../../shared/proof/container';
import { readPackageBounded } from '../../shared/proof/package-budget';
import { verifyPackage } from '../../shared/proof/verify-package';
import { verifyPdf } from '../../shared/verify';
import { corpusDir, repoRoot } from '../../test/support/repo';
import { medianMs, timeMs, type BenchCase } from '../harness';

const SIGNATURES = 5;
const EVENTS = 100;
const PASS = 'bench passphrase';

export const cases: BenchCase[] = [
  {
    name: `export + verify, ${SIGNATURES} signatures, ${EVENTS} events`,
    run: async () => {
      const { buildVerifier } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as { buildVerifier(): Promise<void> };
      await buildVerifier();
      const dir = mkdtempSync(join(tmpdir(), 'affix-bench-proof-'));
      const s = openServices(join(dir, 'home'), { create: true, ledger: { checkpointIntervalMs: 0 } });
      try {
        const doc = s.documents.importFile(join(corpusDir, 'pdfjs', 'issue16063.pdf'));
        for (let i = 0; i < SIGNATURES; i++) {
          const key = await s.keys.create(`Signer ${i + 1}`, PASS);
          await s.signing.signDocument(doc.id, {}, { kind: 'workspace', id: key.id, passphrase: PASS });
        }
        const sha = s.documents.get(doc.id).currentSha256;
        // 1 import + 5 × (version + signature) = 11 events; views fill the trail up to 100 (the export is the 101st).
        const versions = s.workspace.db.prepare<[string], string>('SELECT sha256 FROM document_versions WHERE document_id = ?').pluck().all(doc.id);
        const anchored = new Set(versions.flatMap((v) => s.ledger.findBySubject(v).map((e) => e.index))).size;
        s.ledger.appendMany(
          Array.from({ length: EVENTS - anchored }, () => ({ type: 'access.viewed' as const, subjects: [sha], refs: { documentId: doc.id } })),
        );
        s.ledger.checkpoint();
        // The first export in a process also creates the node's report seal and loads the CJK font.
        const exported = await timeMs(() => s.proof.buildPackage(doc.id, {}));
        const zip = exported.result.zip;
        const warm = await medianMs(() => s.proof.buildPackage(doc.id, {}), 3);
        // The verifier pins the node key (#17: a package's own policy alone gives at best INDETERMINATE).
        const pins = { pinnedLedgerKeys: [s.ledger.verifierKey()] };
        const report = await verifyPackage(zip, pins);
        if (report.verdict !== 'passed')
          throw new Error(`the bench package does not verify: ${JSON.stringify(report.checks.filter((c) => c.verdict !== 'passed'))}`);
        const verify = await medianMs(() => verifyPackage(zip, pins), 5);
        const pdf = readPackageBounded(zip).files.get(PACKAGE_FILES.pdf)!;
        const pdfOnly = await medianMs(() => verifyPdf(pdf), 5);
        const files = readPackageBounded(zip).files;
        return {
          signatures: { value: report.document?.signatures ?? 0, unit: 'count' },
          events: { value: exported.result.events, unit: 'count' },
          export_cold_ms: { value: exported.ms, unit: 'ms' },
          export_ms: { value: warm, unit: 'ms' },
          verify_ms: { value: verify, unit: 'ms' },
          verify_pdf_only_ms: { value: pdfOnly, unit: 'ms' },
          verify_vs_pdf_only: { value: verify / pdfOnly, unit: '×' },
          package_bytes: { value: zip.length, unit: 'bytes' },
          evidence_json_bytes: { value: files.get(PACKAGE_FILES.evidence)!.length, unit: 'bytes' },
          report_pdf_bytes: { value: files.get(PACKAGE_FILES.report)!.length, unit: 'bytes' },
          verify_html_bytes: { value: readFileSync(join(repoRoot, 'dist', 'verify', 'verify.html')).length, unit: 'bytes' },
        };
      } finally {
        s.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
