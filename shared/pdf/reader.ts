/**
 * Random access to a PDF's objects through its cross-reference chain, parsing
 * only what is asked for — so a 100 MB file costs what its few structural
 * objects cost, not its size. It refuses, with a message naming the problem,
 * files it cannot read exactly: a signer must never build on a guess.
 */
import { badInput } from '../errors/affix-error';
import { notPdf } from '../errors/explained';
import { decodeStream } from './filters';
import { Lexer } from './lexer';
import { PdfDict, PdfRef, PdfStream, type PdfObject } from './objects';
import { ObjectParser, indexOf, parseDirectObject } from './parser';
import { asByteSource, parseWindowed, streamReach, type ByteSource, type WindowedParse } from './source';
import { readCrossReference, type CrossReference, type XrefEntry } from './xref';

export interface PageInfo {
  index: number;
  ref: PdfRef;
  dict: PdfDict;
  /** [llx, lly, urx, ury], inherited through the page tree. */
  mediaBox: [number, number, number, number];
  /** The visible region: /CropBox (inherited) clipped to the media box, else the media box. */
  cropBox: [number, number, number, number];
  rotate: number;
}

interface ObjectStream {
  data: Uint8Array;
  first: number;
  nums: number[];
  offsets: number[];
}

const HEADER = Uint8Array.from('%PDF-', (c) => c.charCodeAt(0));
const MAX_REF_CHAIN = 32;
const MAX_PAGES_DEPTH = 64;
/** First window read for one object on a partial source (it grows as needed). */
const OBJECT_WINDOW = 16 * 1024;
/** "N G obj" fits in far less; the window still grows if it does not. */
const HEADER_WINDOW = 256;

export class PdfReader {
  private readonly cache = new Map<number, PdfObject>();
  private readonly objStreams = new Map<number, ObjectStream>();
  private readonly loading = new Set<number>();
  private pageList?: PageInfo[];

  private constructor(
    private readonly source: ByteSource,
    readonly xref: CrossReference,
    /** e.g. "1.7", from the %PDF- header. */
    readonly headerVersion: string,
  ) {}

  /** Parses the cross-reference chain and checks every entry points where it says. */
  static open(input: Uint8Array | ByteSource, what = 'The file'): PdfReader {
    const source = asByteSource(input);
    const headEnd = Math.min(source.length, 1024);
    const bytes = source.range(0, Math.min(source.length, headEnd + 8));
    const head = indexOf(bytes, HEADER, 0, headEnd);
    if (head < 0) throw notPdf(what);
    const version = /^%PDF-(\d\.\d)/.exec(String.fromCharCode(...bytes.subarray(head, head + 8)))?.[1] ?? '1.0';
    const reader = new PdfReader(source, readCrossReference(source), version);
    reader.checkEntries();
    return reader;
  }

  /**
   * The file's bytes. On a partial source only the ranges the reader has read
   * (header, tail, cross-reference sections, objects) are filled in.
   */
  get bytes(): Uint8Array {
    return this.source.range(0, 0);
  }

  /**
   * Parses something at `offset` seeing exactly the bytes a parse of the
   * whole file sees (parseWindowed over this reader's source): for callers
   * that read an object's raw layout themselves.
   */
  parseAt<T>(offset: number, parse: (bytes: Uint8Array, end: number) => WindowedParse<T>): T {
    return parseWindowed(this.source, offset, OBJECT_WINDOW, parse);
  }

  get trailer(): PdfDict {
    return this.xref.trailer;
  }

  get isEncrypted(): boolean {
    const e = this.trailer.get('Encrypt');
    return e !== undefined && e !== null;
  }

  /** One past the highest object number in use or declared (/Size). */
  get size(): number {
    let max = 0;
    for (const num of this.xref.entries.keys()) if (num > max) max = num;
    const declared = this.trailer.get('Size');
    return Math.max(max + 1, typeof declared === 'number' ? declared : 0);
  }

  entry(num: number): XrefEntry | undefined {
    return this.xref.entries.get(num);
  }

  /** The generation a rewritten object must keep (0 for objects in object streams). */
  generationOf(num: number): number {
    const e = this.entry(num);
    return e?.type === 'offset' ? e.gen : 0;
  }

  /** The object with this number; a reference to a missing or free object is null (§7.3.10). */
  getObject(num: number): PdfObject {
    if (this.cache.has(num)) return this.cache.get(num) as PdfObject;
    const e = this.entry(num);
    if (!e || e.type === 'free') return null;
    if (this.loading.has(num)) throw badInput(`Damaged PDF: object ${num} refers to itself while being read.`);
    this.loading.add(num);
    try {
      const value = e.type === 'offset' ? this.readAt(num, e.offset, e.gen) : this.readCompressed(num, e.stream, e.index);
      this.cache.set(num, value);
      return value;
    } finally {
      this.loading.delete(num);
    }
  }

  resolve(o: PdfObject | undefined): PdfObject | undefined {
    let cur = o;
    for (let i = 0; cur instanceof PdfRef; i++) {
      if (i >= MAX_REF_CHAIN) throw badInput('Damaged PDF: a chain of references does not end.');
      cur = this.getObject(cur.num);
    }
    return cur;
  }

  /** Resolves `o` and requires a dictionary. */
  dict(o: PdfObject | undefined, what: string): PdfDict {
    const v = this.resolve(o);
    if (v instanceof PdfDict) return v;
    throw badInput(`Damaged PDF: ${what} is not a dictionary.`);
  }

  catalog(): PdfDict {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw badInput('Damaged PDF: the trailer has no /Root reference to the document catalog.');
    const cat = this.dict(root, 'the document catalog');
    return cat;
  }

  get rootRef(): PdfRef {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw badInput('Damaged PDF: the trailer has no /Root reference to the document catalog.');
    return root;
  }

  /** Pages in order, with inherited boxes; throws on a page tree that loops or is malformed. */
  pages(): PageInfo[] {
    if (this.pageList) return this.pageList;
    const out: PageInfo[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfObject | undefined, inherited: Inherited, depth: number): void => {
      if (!(ref instanceof PdfRef)) throw badInput('Damaged PDF: a page-tree node is not an indirect object.');
      if (seen.has(ref.num)) throw badInput(`Damaged PDF: the page tree visits object ${ref.num} twice.`);
      if (depth > MAX_PAGES_DEPTH) throw badInput('Damaged PDF: the page tree is too deep.');
      seen.add(ref.num);
      const node = this.dict(ref, `page-tree node ${ref.num}`);
      const here: Inherited = {
        mediaBox: this.box(node.get('MediaBox')) ?? inherited.mediaBox,
        cropBox: this.box(node.get('CropBox')) ?? inherited.cropBox,
        rotate: numberOr(this.resolve(node.get('Rotate')), inherited.rotate),
      };
      const kids = this.resolve(node.get('Kids'));
      const type = node.name('Type');
      if (type === 'Pages' || (type === undefined && Array.isArray(kids))) {
        if (!Array.isArray(kids)) throw badInput(`Damaged PDF: page-tree node ${ref.num} has no /Kids array.`);
        for (const kid of kids) walk(kid, here, depth + 1);
        return;
      }
      const mediaBox = here.mediaBox ?? [0, 0, 612, 792];
      const crop = here.cropBox ? intersect(here.cropBox, mediaBox) : mediaBox;
      out.push({ index: out.length, ref, dict: node, mediaBox, cropBox: crop, rotate: here.rotate });
    };
    walk(this.catalog().get('Pages'), { rotate: 0 }, 0);
    if (out.length === 0) throw badInput('Damaged PDF: the document has no pages.');
    this.pageList = out;
    return out;
  }

  /** Decoded data of a stream (FlateDecode/ASCIIHex only; used for structural streams). */
  streamData(s: PdfStream, what: string): Uint8Array {
    return decodeStream(s.data, s.dict, what, (o) => this.resolve(o));
  }

  private box(o: PdfObject | undefined): [number, number, number, number] | undefined {
    const v = this.resolve(o);
    if (!Array.isArray(v) || v.length !== 4) return undefined;
    const isCoordinate = (x: PdfObject | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
    const [x1, y1, x2, y2] = v.map((x) => this.resolve(x));
    if (!isCoordinate(x1) || !isCoordinate(y1) || !isCoordinate(x2) || !isCoordinate(y2)) return undefined;
    return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
  }

  private readAt(num: number, offset: number, gen: number): PdfObject {
    const streamLength = (ref: PdfRef): number | undefined => {
      const len = ref.num === num ? undefined : this.resolve(ref);
      return typeof len === 'number' ? len : undefined;
    };
    const obj = parseWindowed(this.source, offset, OBJECT_WINDOW, (bytes, end) => {
      const lex = new Lexer(bytes, offset, end);
      const value = new ObjectParser(lex).parseIndirect(streamLength);
      if (!(value.value instanceof PdfStream)) return { value, reach: lex.reach };
      const declared = value.value.dict.get('Length');
      const length = declared instanceof PdfRef ? streamLength(declared) : declared;
      return { value, reach: Math.max(lex.reach, streamReach(value.value, bytes, length)) };
    });
    if (obj.num !== num || obj.gen !== gen) {
      throw badInput(`Damaged PDF: the cross-reference table puts object ${num} at byte ${offset}, but object ${obj.num} is there.`);
    }
    return obj.value;
  }

  private readCompressed(num: number, streamNum: number, index: number): PdfObject {
    const os = this.objectStream(streamNum);
    const offset = os.offsets[index];
    if (index >= os.nums.length || os.nums[index] !== num || offset === undefined) {
      throw badInput(`Damaged PDF: object stream ${streamNum} does not hold object ${num} at index ${index}.`);
    }
    const start = os.first + offset;
    const nextOffset = os.offsets[index + 1];
    const end = nextOffset !== undefined ? os.first + nextOffset : os.data.length;
    if (start > os.data.length) throw badInput(`Damaged PDF: object stream ${streamNum} is shorter than its header says.`);
    return parseDirectObject(os.data, start, Math.max(start, Math.min(end, os.data.length)));
  }

  private objectStream(streamNum: number): ObjectStream {
    const cached = this.objStreams.get(streamNum);
    if (cached) return cached;
    const e = this.entry(streamNum);
    if (e?.type !== 'offset') throw badInput(`Damaged PDF: object stream ${streamNum} is missing or itself compressed.`);
    const s = this.getObject(streamNum);
    if (!(s instanceof PdfStream) || s.dict.name('Type') !== 'ObjStm') throw badInput(`Damaged PDF: object ${streamNum} is not an object stream.`);
    const n = this.resolve(s.dict.get('N'));
    const first = this.resolve(s.dict.get('First'));
    if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || first < 0) {
      throw badInput(`Damaged PDF: object stream ${streamNum} lacks /N or /First.`);
    }
    const data = this.streamData(s, `object stream ${streamNum}`);
    const lex = new Lexer(data, 0, Math.min(first, data.length));
    const nums: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = lex.next();
      const b = lex.next();
      if (a.kind !== 'int' || b.kind !== 'int') throw badInput(`Damaged PDF: object stream ${streamNum} has a bad header.`);
      nums.push(a.value);
      offsets.push(b.value);
    }
    const os = { data, first, nums, offsets };
    this.objStreams.set(streamNum, os);
    return os;
  }

  /**
   * Every in-use entry must point at "N G obj" with its own number (objects in
   * object streams: at an object stream). qpdf silently reconstructs files
   * where this fails; appending a revision to such a file would build on
   * offsets that other readers may resolve differently, so we refuse instead.
   */
  private checkEntries(): void {
    for (const [num, e] of this.xref.entries) {
      if (e.type === 'offset') {
        if (e.offset >= this.source.length) throw badInput(`Damaged PDF: object ${num} is listed at byte ${e.offset}, past the end of the file.`);
        const [a, b, c] = parseWindowed(this.source, e.offset, HEADER_WINDOW, (bytes, end) => {
          const lex = new Lexer(bytes, e.offset, end);
          return { value: [lex.next(), lex.next(), lex.next()], reach: lex.reach };
        });
        if (a.kind !== 'int' || a.value !== num || b.kind !== 'int' || b.value !== e.gen || c.kind !== 'keyword' || c.value !== 'obj') {
          throw badInput(`Damaged PDF: the cross-reference table puts object ${num} at byte ${e.offset}, but it is not there.`);
        }
      } else if (e.type === 'compressed') {
        const s = this.entry(e.stream);
        if (s?.type !== 'offset') throw badInput(`Damaged PDF: object ${num} is said to be in object stream ${e.stream}, which does not exist.`);
      }
    }
  }
}

interface Inherited {
  mediaBox?: [number, number, number, number];
  cropBox?: [number, number, number, number];
  rotate: number;
}

const numberOr = (v: PdfObject | undefined, d: number): number => (typeof v === 'number' ? v : d);

function intersect(a: [number, number, number, number], b: [number, number, number, number]): [number, number, number, number] {
  const r: [number, number, number, number] = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : b;
}
