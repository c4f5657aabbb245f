/**
 * One incremental update (ISO 32000-1 §7.5.6): the new and changed objects, a
 * cross-reference section in the same style as the file's newest one (table
 * or stream), and a trailer chained by /Prev to the offset of the file's final
 * startxref. The original bytes are never touched — that is what keeps every
 * earlier signature valid.
 */
import { randomBytes } from 'node:crypto';
import { AffixError } from '../../../../shared/errors/affix-error';
import { PdfDict, PdfRef, PdfStream, PdfString, cloneDirect, name, type PdfObject } from '../../../../shared/pdf/objects';
import type { PdfReader } from '../../../../shared/pdf/reader';
import { ByteWriter, writeIndirect, writeObject } from '../../../../shared/pdf/serialize';

export interface SerializedUpdate {
  /** The appended bytes (starting with an EOL if the file did not end with one). */
  bytes: Uint8Array;
  /** Positions of tagged raws within `bytes`. */
  marks: Map<string, { start: number; length: number }>;
}

type Body = { kind: 'object'; value: PdfObject } | { kind: 'raw'; bytes: Uint8Array };

export class IncrementalUpdate {
  private readonly objects = new Map<number, { ref: PdfRef; body?: Body }>();
  private nextNumber: number;

  constructor(readonly reader: PdfReader) {
    this.nextNumber = reader.size;
  }

  /** The number the next new object will get. */
  get nextObjectNumber(): number {
    return this.nextNumber;
  }

  /** Moves allocation past numbers something else (the appearance bridge) has used. */
  reserveUpTo(nextFree: number): void {
    if (nextFree > this.nextNumber) this.nextNumber = nextFree;
  }

  allocate(): PdfRef {
    const ref = new PdfRef(this.nextNumber++, 0);
    this.objects.set(ref.num, { ref });
    return ref;
  }

  add(value: PdfObject): PdfRef {
    const ref = this.allocate();
    this.set(ref, value);
    return ref;
  }

  set(ref: PdfRef, value: PdfObject): void {
    this.objects.set(ref.num, { ref, body: { kind: 'object', value } });
  }

  /** An object already serialised elsewhere (its value only, without "N G obj"). */
  setRaw(ref: PdfRef, bytes: Uint8Array): void {
    this.objects.set(ref.num, { ref, body: { kind: 'raw', bytes } });
  }

  /**
   * An editable copy of an existing indirect dictionary, registered as changed.
   * Editing the same object twice returns the same copy.
   */
  editDict(ref: PdfRef, what: string): PdfDict {
    const v = this.edit(ref);
    if (!(v instanceof PdfDict)) throw new AffixError('BAD_INPUT', `Damaged PDF: ${what} (object ${ref.num}) is not a dictionary.`);
    return v;
  }

  editArray(ref: PdfRef, what: string): PdfObject[] {
    const v = this.edit(ref);
    if (!Array.isArray(v)) throw new AffixError('BAD_INPUT', `Damaged PDF: ${what} (object ${ref.num}) is not an array.`);
    return v;
  }

  isChanged(num: number): boolean {
    return this.objects.has(num);
  }

  /** The object as this update will leave it: the edited or new value if there is one, else the file's (resolved). */
  current(ref: PdfRef): PdfObject | undefined {
    const mine = this.objects.get(ref.num);
    if (mine?.body?.kind === 'object') return mine.body.value;
    return this.reader.resolve(ref);
  }

  private edit(ref: PdfRef): PdfObject {
    const existing = this.objects.get(ref.num);
    if (existing?.body?.kind === 'object') return existing.body.value;
    if (existing) throw new AffixError('INTERNAL', `object ${ref.num} is new and raw; it cannot be edited`);
    const original = this.reader.getObject(ref.num);
    // Streams are never edited: we only change catalogs, forms, fields, pages and arrays.
    if (original instanceof PdfStream) throw new AffixError('INTERNAL', `refusing to rewrite stream object ${ref.num}`);
    const copy = cloneDirect(original);
    this.objects.set(ref.num, { ref: new PdfRef(ref.num, this.reader.generationOf(ref.num)), body: { kind: 'object', value: copy } });
    return copy;
  }

  serialize(): SerializedUpdate {
    const original = this.reader.bytes;
    const base = original.length;
    const w = new ByteWriter();
    const last = original[base - 1];
    if (last !== 0x0a && last !== 0x0d) w.text('\n');
    const offsets = new Map<number, { offset: number; gen: number }>();
    const sorted = [...this.objects.values()].sort((a, b) => a.ref.num - b.ref.num);
    for (const { ref, body } of sorted) {
      if (!body) throw new AffixError('INTERNAL', `object ${ref.num} was allocated but never given a value`);
      offsets.set(ref.num, { offset: base + w.length, gen: ref.gen });
      if (body.kind === 'object') writeIndirect(w, ref, body.value);
      else {
        w.text(`${ref.num} ${ref.gen} obj\n`).bytes(body.bytes).text('\nendobj\n');
      }
    }
    const trailer = this.trailerEntries();
    const style = this.reader.xref.sections[0].kind;
    if (style === 'stream') {
      const xrefNum = this.nextNumber++;
      const xrefOffset = base + w.length;
      offsets.set(xrefNum, { offset: xrefOffset, gen: 0 });
      trailer.set('Size', this.nextNumber);
      const { index, data, widths } = xrefStreamData(offsets);
      const d = new PdfDict([['Type', name('XRef')], ...trailer.map]);
      d.set('W', widths);
      d.set('Index', index);
      writeIndirect(w, new PdfRef(xrefNum, 0), new PdfStream(d, data));
      w.text(`startxref\n${xrefOffset}\n%%EOF\n`);
    } else {
      const xrefOffset = base + w.length;
      trailer.set('Size', this.nextNumber);
      w.text('xref\n');
      for (const run of runs([...offsets.keys()])) {
        w.text(`${run.first} ${run.count}\n`);
        for (let n = run.first; n < run.first + run.count; n++) {
          const e = offsets.get(n)!;
          w.text(`${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`);
        }
      }
      w.text('trailer\n');
      writeObject(w, trailer);
      w.text(`\nstartxref\n${xrefOffset}\n%%EOF\n`);
    }
    return { bytes: w.toBytes(), marks: w.marks };
  }

  /** /Root, /Info and /ID carried over (a fresh second /ID element marks the new revision), /Prev chained. */
  private trailerEntries(): PdfDict {
    const old = this.reader.trailer;
    const t = new PdfDict();
    t.set('Size', this.nextNumber);
    t.set('Root', this.reader.rootRef);
    const info = old.get('Info');
    if (info instanceof PdfRef || info instanceof PdfDict) t.set('Info', cloneDirect(info));
    const id = this.reader.resolve(old.get('ID'));
    const first = Array.isArray(id) && id[0] instanceof PdfString ? id[0] : new PdfString(randomBytes(16), true);
    t.set('ID', [new PdfString(first.bytes, true), new PdfString(randomBytes(16), true)]);
    t.set('Prev', this.reader.xref.startxref);
    return t;
  }
}

function runs(nums: number[]): { first: number; count: number }[] {
  const sorted = [...nums].sort((a, b) => a - b);
  const out: { first: number; count: number }[] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last.first + last.count === n) last.count++;
    else out.push({ first: n, count: 1 });
  }
  return out;
}

function xrefStreamData(offsets: Map<number, { offset: number; gen: number }>): { index: number[]; data: Uint8Array; widths: number[] } {
  let maxOffset = 0;
  for (const e of offsets.values()) maxOffset = Math.max(maxOffset, e.offset);
  const w1 = Math.max(1, Math.ceil(Math.log2(maxOffset + 1) / 8));
  const widths = [1, w1, 2];
  const rs = runs([...offsets.keys()]);
  const data = new Uint8Array(offsets.size * (1 + w1 + 2));
  let p = 0;
  for (const run of rs) {
    for (let n = run.first; n < run.first + run.count; n++) {
      const e = offsets.get(n)!;
      data[p++] = 1;
      for (let k = w1 - 1; k >= 0; k--) data[p++] = Math.floor(e.offset / 2 ** (8 * k)) & 0xff;
      data[p++] = (e.gen >> 8) & 0xff;
      data[p++] = e.gen & 0xff;
    }
  }
  return { index: rs.flatMap((r) => [r.first, r.count]), data, widths };
}
