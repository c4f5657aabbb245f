/**
 * Byte-exact little PDFs for reader and signer tests: the same one-page
 * document written with a classic xref table, an xref stream, or a hybrid
 * (table + /XRefStm), with chosen objects inside an object stream, and with
 * optional damage. Built by hand so each structural case is certain.
 */
import { zlibSync } from 'fflate';

export type XrefStyle = 'table' | 'stream' | 'hybrid';

export interface HandmadeOptions {
  style: XrefStyle;
  /** Object numbers (from 2..5) to store in an object stream; ignored for 'table'. */
  compressed?: number[];
  /** Extra or replacement object bodies by number. */
  objects?: Record<number, string>;
  /** Shift the xref offset of this object by a few bytes (a damaged cross-reference table). */
  misplace?: number;
}

const BASE: Record<number, string> = {
  1: '<< /Type /Catalog /Pages 2 0 R >>',
  2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
};
const CONTENT = 'BT /F1 24 Tf 72 720 Td (Hello, Affix) Tj ET';

export function handmadePdf(options: HandmadeOptions): Buffer {
  const objects: Record<number, string> = { ...BASE, ...(options.objects ?? {}) };
  const compressed = new Set(options.style === 'table' ? [] : (options.compressed ?? []));
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer | string): void => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  const offsets = new Map<number, number>();
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const nums = Object.keys(objects)
    .map(Number)
    .sort((a, b) => a - b);
  for (const n of nums) {
    if (compressed.has(n)) continue;
    offsets.set(n, length);
    push(`${n} 0 obj\n${objects[n]}\nendobj\n`);
  }
  offsets.set(4, length);
  push(`4 0 obj\n<< /Length ${CONTENT.length} >>\nstream\n${CONTENT}\nendstream\nendobj\n`);

  const maxNum = Math.max(5, ...nums);
  const objStmNum = maxNum + 1;
  const xrefStmNum = maxNum + 2;
  const inStream = [...compressed].sort((a, b) => a - b);
  if (inStream.length > 0) {
    let header = '';
    let body = '';
    for (const n of inStream) {
      header += `${n} ${body.length} `;
      body += `${objects[n]}\n`;
    }
    const data = zlibSync(Buffer.from(header + body, 'latin1'));
    offsets.set(objStmNum, length);
    push(`${objStmNum} 0 obj\n<< /Type /ObjStm /N ${inStream.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`);
    push(Buffer.from(data));
    push('\nendstream\nendobj\n');
  }
  const size = xrefStmNum + 1;
  const where = (n: number): number => (offsets.get(n) ?? 0) + (options.misplace === n ? 3 : 0);

  const streamRows = (): Buffer => {
    const rows: number[] = [];
    for (let n = 0; n < size; n++) {
      if (n === 0) rows.push(0, 0, 0, 0, 0, 0xff, 0xff);
      else if (compressed.has(n)) rows.push(2, ...u32(objStmNum), 0, inStream.indexOf(n));
      else if (offsets.has(n) || n === xrefStmNum) rows.push(1, ...u32(n === xrefStmNum ? length : where(n)), 0, 0);
      else rows.push(0, 0, 0, 0, 0, 0, 0);
    }
    return Buffer.from(rows);
  };

  if (options.style === 'stream') {
    const xrefOffset = length;
    const data = streamRows();
    push(`${xrefStmNum} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R /Length ${data.length} >>\nstream\n`);
    push(data);
    push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
  } else {
    let xrefStmOffset: number | undefined;
    if (options.style === 'hybrid') {
      xrefStmOffset = length;
      const data = streamRows();
      push(`${xrefStmNum} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] /Length ${data.length} >>\nstream\n`);
      push(data);
      push('\nendstream\nendobj\n');
    }
    const xrefOffset = length;
    // In a hybrid file the table leaves compressed objects free; older readers then simply do not see them.
    let table = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let n = 1; n < size; n++) {
      table += offsets.has(n) && n !== xrefStmNum ? `${String(where(n)).padStart(10, '0')} 00000 n\r\n` : '0000000000 00000 f\r\n';
    }
    push(table);
    push(`trailer\n<< /Size ${size} /Root 1 0 R${xrefStmOffset !== undefined ? ` /XRefStm ${xrefStmOffset}` : ''} >>\nstartxref\n${xrefOffset}\n%%EOF\n`);
  }
  return Buffer.concat(parts);
}

const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
