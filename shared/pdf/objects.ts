/**
 * A small PDF object model (ISO 32000-1 §7.3). It is what the reader produces
 * and what the incremental writer serialises. Names and strings keep their raw
 * bytes so a rewritten object says exactly what the original said.
 */

export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  /** The name's bytes as a latin1 string (each char is one byte), #xx escapes decoded. */
  private constructor(readonly value: string) {}
  static of(value: string): PdfName {
    let n = PdfName.interned.get(value);
    if (!n) {
      n = new PdfName(value);
      PdfName.interned.set(value, n);
    }
    return n;
  }
  toString(): string {
    return `/${this.value}`;
  }
}

export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    /** Written back as <hex> when true (e.g. /ID entries), as (literal) otherwise. */
    readonly hex = false,
  ) {}

  /** A text string: PDFDocEncoding-compatible ASCII stays bytes, anything else becomes UTF-16BE with BOM. */
  static text(text: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(latin1Bytes(text));
    const out = new Uint8Array(2 + text.length * 2);
    out[0] = 0xfe;
    out[1] = 0xff;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 + i * 2] = c >> 8;
      out[3 + i * 2] = c & 0xff;
    }
    return new PdfString(out);
  }

  /** Decodes a text string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ latin1). */
  asText(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      const units = new DataView(b.buffer, b.byteOffset, b.byteLength);
      let s = '';
      for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode(units.getUint16(i));
      return s;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
    return latin1String(b);
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfDict {
  readonly map: Map<string, PdfObject>;
  constructor(entries?: Iterable<readonly [string, PdfObject]>) {
    this.map = new Map(entries);
  }
  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfObject): this {
    this.map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): boolean {
    return this.map.delete(key);
  }
  /** The value if it is a name, else undefined. */
  name(key: string): string | undefined {
    const v = this.map.get(key);
    return v instanceof PdfName ? v.value : undefined;
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The stream's bytes as stored in the file (still encoded by its /Filter). */
    readonly data: Uint8Array,
  ) {}
}

/**
 * Bytes written verbatim by the serialiser. Never produced by the parser; the
 * signer uses tagged raws for the /ByteRange and /Contents placeholders so the
 * serialiser can report where they landed.
 */
export class PdfRaw {
  constructor(
    readonly bytes: Uint8Array,
    readonly tag?: string,
  ) {}
}

export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfObject[] | PdfStream | PdfRaw;

export const name = (value: string): PdfName => PdfName.of(value);
export const dict = (entries: Record<string, PdfObject | undefined>): PdfDict =>
  new PdfDict(Object.entries(entries).filter((e): e is [string, PdfObject] => e[1] !== undefined));

/** Deep copy of a direct object; references, streams and raws are shared (they are immutable here). */
export function cloneDirect<T extends PdfObject>(obj: T): T {
  if (Array.isArray(obj)) return obj.map((o) => cloneDirect(o)) as T;
  if (obj instanceof PdfDict) return new PdfDict([...obj.map].map(([k, v]) => [k, cloneDirect(v)] as const)) as T;
  return obj;
}

export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function latin1String(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  // Chunked to stay clear of the argument-count limit of String.fromCharCode.
  for (let i = start; i < end; i += 8192) {
    s += String.fromCharCode(...b.subarray(i, Math.min(end, i + 8192)));
  }
  return s;
}
