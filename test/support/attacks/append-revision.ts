/**
 * Appends a hand-written incremental update (classic xref table) to a PDF —
 * the tool an attacker uses. Bodies are raw PDF text; `chain: false` writes a
 * complete table without /Prev, cut off from the revisions before it.
 */
import { PdfRef } from '../../../shared/pdf/objects';
import { PdfReader } from '../../../shared/pdf/reader';

export interface AppendOptions {
  /** Link the new xref to the previous one with /Prev (default true). */
  chain?: boolean;
  /** Extra trailer text, e.g. "/Info 7 0 R". */
  trailerExtra?: string;
  /** Extra xref entries without a new body: object number → offset of bytes already in the file. */
  entries?: Record<number, number>;
}

export function appendRevision(pdf: Uint8Array, objects: Record<number, string>, options: AppendOptions = {}): Buffer {
  const reader = PdfReader.open(pdf);
  const root = reader.trailer.get('Root') as PdfRef;
  const parts: Buffer[] = [Buffer.from(pdf)];
  let length = pdf.length;
  const push = (s: string): void => {
    const b = Buffer.from(s, 'latin1');
    parts.push(b);
    length += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) push('\n');
  const offsets = new Map<number, number>();
  for (const [num, body] of Object.entries(objects)) {
    offsets.set(Number(num), length);
    push(`${num} 0 obj\n${body}\nendobj\n`);
  }
  for (const [num, at] of Object.entries(options.entries ?? {})) offsets.set(Number(num), at);
  const size = Math.max(reader.size, ...[...offsets.keys()].map((n) => n + 1));
  const xrefAt = length;
  let table = 'xref\n0 1\n0000000000 65535 f\r\n';
  if (options.chain === false) {
    // A complete table for every object, newest bodies where given.
    for (let n = 1; n < size; n++) {
      const e = reader.entry(n);
      const at = offsets.get(n) ?? (e?.type === 'offset' ? e.offset : undefined);
      table += `${n} 1\n${at === undefined ? '0000000000 00000 f' : `${String(at).padStart(10, '0')} 00000 n`}\r\n`;
    }
  } else {
    for (const [num, at] of [...offsets].sort((a, b) => a[0] - b[0])) table += `${num} 1\n${String(at).padStart(10, '0')} 00000 n\r\n`;
  }
  push(table);
  const prev = options.chain === false ? '' : ` /Prev ${reader.xref.startxref}`;
  push(
    `trailer\n<< /Size ${size} /Root ${root.num} ${root.gen} R${prev}${options.trailerExtra ? ` ${options.trailerExtra}` : ''} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
  );
  return Buffer.concat(parts);
}
