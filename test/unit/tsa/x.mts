import { readFileSync, readdirSync } from 'node:fs';
import { verifyPdf } from '../../../shared/verify';
const d = '/work/wt/shared/corpus/signed-by-others/';
for (const f of readdirSync(d).filter(f=>f.endsWith('.pdf'))) {
  const r = await verifyPdf(readFileSync(d+f), { trustAnchors: [readFileSync(d+'sample-root-ca.pem')] });
  console.log(f, r.signatures.map(s => [s.kind, s.status.indication, s.time?.checkedAtSource, s.time?.timestamp, s.signer?.notAfter]));
}
