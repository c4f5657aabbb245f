/**
 * Crafts every attack class from the 2019–2021 PDF-signature research on
 * clean files signed by Affix's own engine: universal signature forgery (USF),
 * incremental saving (ISA), signature wrapping (SWA), shadow attacks (hide,
 * replace, hide-and-replace), evil annotation and sneaky signature — plus the
 * legitimate multi-signer files that must keep passing.
 *
 * Run as a script to write them out: `node --import tsx test/support/attacks/generate.ts OUT_DIR`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signPdf, type SignOptions } from '../../../main/services/engines/pdf-signing/sign-pdf';
import type { FailedSubIndication } from '../../../shared/verify/report';
import { PdfRef } from '../../../shared/pdf/objects';
import { PdfReader } from '../../../shared/pdf/reader';
import { handmadePdf } from '../handmade-pdf';
import { outputOf, redBox } from '../signing-fixtures';
import { createTestSigner, type TestSigner } from '../throwaway-signer';
import { appendRevision } from './append-revision';

export const ATTACK_CLASSES = ['usf', 'isa', 'swa', 'shadow-hide', 'shadow-replace', 'shadow-hide-and-replace', 'evil-annotation', 'sneaky-signature'] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

export interface CraftedFile {
  name: string;
  bytes: Buffer;
}
export interface Attack extends CraftedFile {
  class: AttackClass;
  /** The sub-indication the attacked (first) signature must fail with. */
  expected: FailedSubIndication;
}

const OVERLAY = '1 1 1 rg 60 700 260 50 re f';
const HIDDEN = 'BT /F1 24 Tf 72 720 Td (Pay 9999 EUR to Mallory) Tj ET';
const FIELD_AP = 'BT /F1 12 Tf 2 10 Td (100 EUR) Tj ET';
const stream = (text: string, dict = ''): string => `<< /Length ${text.length}${dict} >>\nstream\n${text}\nendstream`;

/**
 * A contract page whose signed look hides prepared content (the shadow
 * attacker's document): a white overlay (21) over the text, an alternative
 * content stream (22) and page (30) that nothing references, a filled text
 * field "Amount" and an empty signature field "Employee". `replace` swaps object bodies
 * (a body may smuggle in a second "N G obj" definition).
 */
export function shadowDocument(options: { dangling?: boolean; replace?: Record<number, string> } = {}): Buffer {
  const contents = options.dangling ? '[4 0 R 21 0 R 23 0 R]' : '[4 0 R 21 0 R]';
  const resources = '/Resources << /Font << /F1 5 0 R >> >>';
  return handmadePdf({
    style: 'table',
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 8 0 R >>',
      3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contents} ${resources} /Annots [9 0 R 10 0 R] >>`,
      8: '<< /Fields [9 0 R 10 0 R] /DR << /Font << /F1 5 0 R >> >> /DA (/F1 12 Tf 0 g) >>',
      9: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Employee) /Rect [100 100 300 160] /P 3 0 R /F 4 >>',
      10: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (Amount) /V (100 EUR) /Rect [100 600 300 630] /P 3 0 R /F 4 /AP << /N 11 0 R >> >>',
      11: stream(FIELD_AP, ` /Type /XObject /Subtype /Form /BBox [0 0 200 30] ${resources}`),
      21: stream(OVERLAY),
      22: stream(HIDDEN),
      30: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 22 0 R ${resources} >>`,
      ...options.replace,
    },
  });
}

/** Page 1 of `pdf` rewritten: its current annotations plus `extra`, and the given content. */
function page(pdf: Uint8Array, extra: string, contents = '[4 0 R 21 0 R]'): string {
  const reader = PdfReader.open(pdf);
  const annots = reader.resolve(reader.pages()[0].dict.get('Annots'));
  const refs = (Array.isArray(annots) ? annots : []).filter((a): a is PdfRef => a instanceof PdfRef).map((a) => `${a.num} ${a.gen} R`);
  return `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contents} /Resources << /Font << /F1 5 0 R >> >> /Annots [${[...refs, extra].join(' ').trim()}] >>`;
}

async function sign(input: Uint8Array, options: SignOptions, signer: TestSigner): Promise<Buffer> {
  return outputOf(await signPdf(input, options, signer.signer));
}

/** Byte offsets of the first signature's /Contents gap. */
function gapOf(pdf: Buffer): { b: number; c: number } {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('no /ByteRange');
  return { b: Number(m[2]), c: Number(m[3]) };
}

export interface Corpus {
  signer: TestSigner;
  /** Clean files: every signature must verify TOTAL-PASSED with the signer's root. */
  clean: CraftedFile[];
  attacks: Attack[];
}

export async function generateCorpus(): Promise<Corpus> {
  const signer = await createTestSigner('ecdsa-p256-sha256', { commonName: 'Alice Signer' });
  const second = await createTestSigner('rsa-pkcs1-sha256', { commonName: 'Bob Signer' });
  const base = shadowDocument();
  const approved = await sign(base, { field: 'Employee' }, signer);
  const certified2 = await sign(base, { certify: 2, field: 'Cert' }, signer);
  const certified3 = await sign(base, { certify: 3, field: 'Cert' }, signer);
  const attacks: Attack[] = [];
  const add = (cls: AttackClass, name: string, bytes: Buffer, expected: FailedSubIndication): void => void attacks.push({ class: cls, name, bytes, expected });

  // USF: signature values a viewer might skip instead of failing on.
  {
    const { b, c } = gapOf(approved);
    const zeroed = Buffer.from(approved);
    zeroed.fill('0', b + 1, c - 1);
    add('usf', 'usf-zeroed-contents', zeroed, 'FORMAT_FAILURE');
    const text = approved.toString('latin1');
    const br = /\/ByteRange\s*\[[^\]]*\]/.exec(text);
    if (!br) throw new Error('no /ByteRange');
    const nulled = Buffer.from(approved);
    nulled.write('/ByteRange [0 0 0 0]'.padEnd(br[0].length, ' '), br.index, 'latin1');
    add('usf', 'usf-null-byterange', nulled, 'FORMAT_FAILURE');
  }
  // ISA: a later revision that changes signed content, or one not chained to the signed revision.
  add('isa', 'isa-rewrite-content', appendRevision(approved, { 4: stream(HIDDEN) }), 'SIG_CONSTRAINTS_FAILURE');
  // A revision that defines one object twice (readers disagree on which one counts).
  add(
    'isa',
    'isa-duplicate-object',
    appendRevision(approved, { 50: '<< /Twin 1 >>', 51: '<< >>\nendobj\n50 0 obj\n<< /Twin 2 >>' }),
    'SIG_CONSTRAINTS_FAILURE',
  );
  add('isa', 'isa-unchained-xref', appendRevision(approved, { 4: stream(HIDDEN) }, { chain: false }), 'SIG_CONSTRAINTS_FAILURE');
  // SWA: the CMS is shortened inside its placeholder, an object is wrapped into the freed gap, and a later revision uses it.
  {
    const { b, c } = gapOf(approved);
    const cmsHex = approved
      .subarray(b + 1, c - 1)
      .toString('latin1')
      .replace(/(00)+$/, '');
    const head = `<${cmsHex}> /Wrapped (\n`;
    const injected = `40 0 obj\n${stream(HIDDEN)}\nendobj\n`;
    const wrapped = Buffer.from(approved);
    wrapped.write(`${head}${injected})`.padEnd(c - b, ' '), b, 'latin1');
    add('swa', 'swa-gap-injection', appendRevision(wrapped, { 3: page(wrapped, '', '[40 0 R]') }, { entries: { 40: b + head.length } }), 'FORMAT_FAILURE');
  }
  // Shadow hide: remove the overlay after signing, directly or by redirecting its object.
  add('shadow-hide', 'shadow-hide-drop-overlay', appendRevision(approved, { 3: page(approved, '', '[4 0 R]') }), 'SIG_CONSTRAINTS_FAILURE');
  add('shadow-hide', 'shadow-hide-empty-overlay', appendRevision(approved, { 21: stream('') }), 'SIG_CONSTRAINTS_FAILURE');
  // Shadow hide prepared with a second body for the overlay inside the signed revision, selected afterwards by the xref.
  {
    const twin = `${stream(OVERLAY)}\nendobj\n21 0 obj\n${stream('')}`;
    const prepared = await sign(shadowDocument({ replace: { 21: twin } }), { field: 'Employee' }, signer);
    const second = prepared.indexOf('21 0 obj', prepared.indexOf('21 0 obj') + 1);
    add('shadow-hide', 'shadow-hide-twin-object', appendRevision(prepared, {}, { entries: { 21: second } }), 'FORMAT_FAILURE');
  }
  // Shadow replace: overwrite the signed form value, or swap the font.
  add(
    'shadow-replace',
    'shadow-replace-form-value',
    appendRevision(certified2, {
      10: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (Amount) /V (9999 EUR) /Rect [100 600 300 630] /P 3 0 R /F 4 /AP << /N 41 0 R >> >>',
      41: stream('BT /F1 12 Tf 2 10 Td (9999 EUR) Tj ET', ' /Type /XObject /Subtype /Form /BBox [0 0 200 30] /Resources << /Font << /F1 5 0 R >> >>'),
    }),
    'SIG_CONSTRAINTS_FAILURE',
  );
  add(
    'shadow-replace',
    'shadow-replace-font',
    appendRevision(approved, { 5: '<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>' }),
    'SIG_CONSTRAINTS_FAILURE',
  );
  // Shadow hide-and-replace: swap in the prepared page, or fill a reference that dangled when signed.
  add(
    'shadow-hide-and-replace',
    'shadow-swap-page-tree',
    appendRevision(approved, { 2: '<< /Type /Pages /Kids [30 0 R] /Count 1 >>' }),
    'SIG_CONSTRAINTS_FAILURE',
  );
  {
    const dangling = await sign(shadowDocument({ dangling: true }), { field: 'Employee' }, signer);
    add('shadow-hide-and-replace', 'shadow-fill-dangling-reference', appendRevision(dangling, { 23: stream(HIDDEN) }), 'SIG_CONSTRAINTS_FAILURE');
  }
  // Evil annotation: P=3 allows annotations, but not ones that paint over the page.
  add(
    'evil-annotation',
    'evil-annotation-freetext',
    appendRevision(certified3, {
      3: page(certified3, '42 0 R'),
      42: '<< /Type /Annot /Subtype /FreeText /Rect [60 700 320 750] /Contents (Pay 9999 EUR) /DA (/F1 24 Tf 0 g) /F 4 >>',
    }),
    'SIG_CONSTRAINTS_FAILURE',
  );
  add(
    'evil-annotation',
    'evil-annotation-under-p2',
    appendRevision(certified2, {
      3: page(certified2, '42 0 R'),
      42: '<< /Type /Annot /Subtype /Stamp /Rect [60 700 320 750] /F 4 >>',
    }),
    'SIG_CONSTRAINTS_FAILURE',
  );
  // Sneaky signature: a visible signature added to a certified document — signed by anyone.
  add(
    'sneaky-signature',
    'sneaky-signature-signed',
    await sign(
      certified2,
      {
        unsafeCraftAttack: true,
        field: 'Sneaky',
        appearance: { kind: 'visible', draw: redBox, placement: { pageIndex: 0, rect: [60, 700, 260, 50] } },
      },
      second,
    ),
    'SIG_CONSTRAINTS_FAILURE',
  );

  const clean: CraftedFile[] = [
    { name: 'clean-approval', bytes: approved },
    { name: 'clean-two-approvals', bytes: await sign(approved, {}, second) },
    {
      name: 'clean-certified-then-approval-in-existing-field',
      bytes: await sign(certified2, { field: 'Employee', appearance: { kind: 'visible', draw: redBox } }, second),
    },
    {
      name: 'clean-certified-p3-with-note',
      bytes: appendRevision(certified3, { 3: page(certified3, '42 0 R'), 42: '<< /Type /Annot /Subtype /Text /Rect [500 800 520 820] /Contents (checked) >>' }),
    },
    { name: 'clean-rsa-pss', bytes: await sign(base, { field: 'Employee' }, await createTestSigner('rsa-pss-sha256')) },
    { name: 'clean-ed25519-pkcs7', bytes: await sign(base, { subFilter: 'adbe.pkcs7.detached' }, await createTestSigner('ed25519')) },
    { name: 'clean-p384-locked', bytes: await sign(base, { field: 'Boss', lock: { action: 'All' } }, await createTestSigner('ecdsa-p384-sha384')) },
  ];
  return { signer, clean, attacks };
}

async function writeCorpus(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const corpus = await generateCorpus();
  writeFileSync(join(out, 'root-ca.pem'), corpus.signer.rootPem);
  for (const f of [...corpus.clean, ...corpus.attacks]) writeFileSync(join(out, `${f.name}.pdf`), f.bytes);
  console.log(`wrote ${corpus.clean.length} clean and ${corpus.attacks.length} attack files to ${out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: generate.ts OUT_DIR');
    process.exit(2);
  }
  writeCorpus(out).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
