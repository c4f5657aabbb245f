/**
 * Writes PDF objects as bytes (§7.3). Output is plain ASCII apart from string
 * and stream contents; tagged raws report where they landed so a caller can
 * patch them afterwards (the signature's /ByteRange and /Contents).
 */
import { PdfDict, PdfName, PdfRaw, PdfRef, PdfStream, PdfString, latin1Bytes, type PdfObject } from './objects';

export class ByteWriter {
  private buf = new Uint8Array(4096);
  private len = 0;
  /** Positions (relative to this writer's start) of tagged raws, by tag. */
  readonly marks = new Map<string, { start: number; length: number }>();

  get length(): number {
    return this.len;
  }

  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  /** Appends a string of char codes < 256 (PDF syntax is ASCII). */
  text(s: string): this {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i) & 0xff;
    return this;
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} as a PDF number`);
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // PDF has no exponent syntax; 10 decimals is far beyond any meaningful precision here.
  return n.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

const NAME_RAW = (c: number): boolean => c > 0x20 && c < 0x7f && c !== 0x23 && !'()<>[]{}/%'.includes(String.fromCharCode(c));

export function writeObject(w: ByteWriter, o: PdfObject): void {
  if (o === null) w.text('null');
  else if (typeof o === 'boolean') w.text(o ? 'true' : 'false');
  else if (typeof o === 'number') w.text(formatNumber(o));
  else if (o instanceof PdfName) {
    let s = '/';
    for (let i = 0; i < o.value.length; i++) {
      const c = o.value.charCodeAt(i);
      s += NAME_RAW(c) ? o.value[i] : `#${c.toString(16).padStart(2, '0')}`;
    }
    w.text(s);
  } else if (o instanceof PdfString) writeString(w, o);
  else if (o instanceof PdfRef) w.text(`${o.num} ${o.gen} R`);
  else if (Array.isArray(o)) {
    w.text('[');
    o.forEach((x, i) => {
      if (i > 0) w.text(' ');
      writeObject(w, x);
    });
    w.text(']');
  } else if (o instanceof PdfDict) {
    w.text('<<');
    for (const [k, v] of o.map) {
      writeObject(w, PdfName.of(k));
      w.text(' ');
      writeObject(w, v);
    }
    w.text('>>');
  } else if (o instanceof PdfStream) {
    const d = new PdfDict(o.dict.map);
    d.set('Length', o.data.length);
    writeObject(w, d);
    w.text('\nstream\n').bytes(o.data).text('\nendstream');
  } else if (o instanceof PdfRaw) {
    if (o.tag) w.marks.set(o.tag, { start: w.length, length: o.bytes.length });
    w.bytes(o.bytes);
  }
}

function writeString(w: ByteWriter, s: PdfString): void {
  if (s.hex) {
    let h = '<';
    for (const b of s.bytes) h += b.toString(16).padStart(2, '0');
    w.text(`${h}>`);
    return;
  }
  let out = '(';
  for (const b of s.bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  w.text(`${out})`);
}

/** "N G obj\n…\nendobj\n" */
export function writeIndirect(w: ByteWriter, ref: PdfRef, o: PdfObject): void {
  w.text(`${ref.num} ${ref.gen} obj\n`);
  writeObject(w, o);
  w.text('\nendobj\n');
}

export const ascii = latin1Bytes;
