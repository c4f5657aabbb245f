/**
 * Regenerates docs/samples/: a contract signed three times — the company seal
 * placed by keyword over "甲方（盖章）", a finance seal (elliptical), and a
 * personal block — rendered by poppler's pdftoppm.
 *   npx tsx test/support/signing-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureOptions } from '../../shared/contract/signing';
import { generateSoftwareKey } from '../../main/services/keys/software-key-generator';
import { softwareSigner } from '../../main/services/keys/software-key';
import { signBytes } from '../../main/services/signing/signing-service';
import { contractPdf } from './appearance-fixtures';
import { repoRoot } from './repo';
import { outputOf } from './signing-fixtures';

export async function renderSigningSamples(outDir = join(repoRoot, 'docs', 'samples')): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const company = await generateSoftwareKey('北京测试科技有限公司');
  const person = await generateSoftwareKey('张三 Zhang San');
  const steps: [Uint8Array, Uint8Array, SignatureOptions][] = [
    [company.secretKey, company.certificateDer, { appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章', code: '1101080012345' }, placement: { atText: '甲方（盖章）' }, certify: 2 }],
    [company.secretKey, company.certificateDer, { appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '财务专用章', shape: 'ellipse' }, placement: { page: 1, rect: [430, 420, 128, 85] } }],
    [person.secretKey, person.certificateDer, { appearance: { kind: 'person' }, reason: '同意 Approved', location: '北京 Beijing', placement: { page: 1, rect: [60, 90, 220, 80] } }],
  ];
  let pdf = await contractPdf();
  for (const [secret, cert, options] of steps) {
    const signer = softwareSigner(secret, cert, 'sample');
    pdf = outputOf(await signBytes(pdf, options, signer, 'The sample contract'));
    signer.close();
  }
  const pdfPath = join(outDir, 'signed-contract.pdf');
  writeFileSync(pdfPath, pdf);
  execFileSync('pdftoppm', ['-r', '110', '-f', '1', '-l', '1', '-png', '-singlefile', pdfPath, join(outDir, 'signed-contract-page1')]);
  execFileSync('pdftoppm', ['-r', '220', '-f', '1', '-l', '1', '-x', '860', '-y', '1700', '-W', '500', '-H', '500', '-png', '-singlefile', pdfPath, join(outDir, 'seals-closeup')]);
  return [pdfPath, join(outDir, 'signed-contract-page1.png'), join(outDir, 'seals-closeup.png')];
}

if (process.argv[1]?.endsWith('signing-samples.ts')) {
  renderSigningSamples().then((files) => console.log(files.join('\n')));
}
