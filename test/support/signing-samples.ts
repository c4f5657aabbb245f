/**
 * Regenerates docs/samples/: a contract signed three times — the company seal
 * placed by keyword over "甲方（盖章）" certifying it (DocMDP P=2) and
 * creating the two later signers' empty fields in the certified revision, a
 * finance seal (elliptical), and a personal block, both filling those fields
 * (a new visible field after certification would break it) — rendered by
 * poppler's pdftoppm, with the two signers' certificates to trust.
 *   npx tsx test/support/signing-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureOptions } from '../../shared/contract/signing';
import { generateSoftwareKey } from '../../main/services/domain/keys/software-key-generator';
import { softwareSigner } from '../../main/services/domain/keys/software-key';
import { signBytes } from '../../main/services/usecases/signing/signing-service';
import { contractPdf } from './appearance-fixtures';
import { repoRoot } from './repo';
import { outputOf } from './signing-fixtures';

export async function renderSigningSamples(outDir = join(repoRoot, 'docs', 'samples')): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const company = await generateSoftwareKey('北京测试科技有限公司');
  const person = await generateSoftwareKey('张三 Zhang San');
  const steps: [Uint8Array, Uint8Array, SignatureOptions][] = [
    [
      company.secretKey,
      company.certificateDer,
      {
        appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章', code: '1101080012345' },
        placement: { atText: '甲方（盖章）' },
        certify: 2,
        emptyFields: [
          { name: 'Finance', page: 1, rect: [430, 420, 128, 85] },
          { name: 'Approval', page: 1, rect: [60, 90, 220, 80] },
        ],
      },
    ],
    [
      company.secretKey,
      company.certificateDer,
      { appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '财务专用章', shape: 'ellipse' }, field: 'Finance' },
    ],
    [person.secretKey, person.certificateDer, { appearance: { kind: 'person' }, reason: '同意 Approved', location: '北京 Beijing', field: 'Approval' }],
  ];
  let pdf = await contractPdf();
  for (const [secret, cert, options] of steps) {
    const signer = softwareSigner(secret, cert, 'sample');
    pdf = outputOf(await signBytes(pdf, options, signer, 'The sample contract'));
    signer.close();
  }
  const pdfPath = join(outDir, 'signed-contract.pdf');
  writeFileSync(pdfPath, pdf);
  // Self-signed sample keys: these are the trust anchors to verify the sample with (affix verify --trust).
  writeFileSync(join(outDir, 'signer-company.pem'), new X509Certificate(company.certificateDer).toString());
  writeFileSync(join(outDir, 'signer-person.pem'), new X509Certificate(person.certificateDer).toString());
  execFileSync('pdftoppm', ['-r', '110', '-f', '1', '-l', '1', '-png', '-singlefile', pdfPath, join(outDir, 'signed-contract-page1')]);
  execFileSync('pdftoppm', [
    '-r',
    '220',
    '-f',
    '1',
    '-l',
    '1',
    '-x',
    '860',
    '-y',
    '1700',
    '-W',
    '500',
    '-H',
    '500',
    '-png',
    '-singlefile',
    pdfPath,
    join(outDir, 'seals-closeup'),
  ]);
  return [
    pdfPath,
    join(outDir, 'signed-contract-page1.png'),
    join(outDir, 'seals-closeup.png'),
    join(outDir, 'signer-company.pem'),
    join(outDir, 'signer-person.pem'),
  ];
}

if (process.argv[1]?.endsWith('signing-samples.ts')) {
  renderSigningSamples().then(
    (files) => console.log(files.join('\n')),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
