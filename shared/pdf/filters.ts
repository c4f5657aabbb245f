/**
 * Decodes the streams the signer must read itself: cross-reference streams and
 * object streams (§7.5.7, §7.5.8). Those use FlateDecode, usually with a PNG
 * predictor; anything else there is refused rather than guessed at.
 */
import { Inflate } from 'fflate';
import { badInput } from '../errors/affix-error';
import { concatBytes } from '../ledger/bytes';
import { PdfDict, PdfName, type PdfObject } from './objects';

/** A structural stream larger than this when decoded is a decompression bomb. */
export const MAX_DECODED_BYTES = 256 * 1024 * 1024;

export function decodeStream(data: Uint8Array, dict: PdfDict, what: string, resolve: (o: PdfObject | undefined) => PdfObject | undefined): Uint8Array {
  const filters = asList(resolve(dict.get('Filter')));
  const parms = asList(resolve(dict.get('DecodeParms')));
  let out = data;
  filters.forEach((f, i) => {
    const fname = resolve(f);
    if (!(fname instanceof PdfName)) throw badInput(`Damaged PDF: ${what} has a /Filter that is not a name.`);
    const p = resolve(parms[i] ?? null);
    switch (fname.value) {
      case 'FlateDecode':
      case 'Fl':
        out = applyPredictor(inflate(out, what), p instanceof PdfDict ? p : undefined, what, resolve);
        break;
      case 'ASCIIHexDecode':
      case 'AHx':
        out = asciiHex(out);
        break;
      default:
        throw badInput(`Unsupported PDF: ${what} uses the /${fname.value} filter.`);
    }
  });
  return out;
}

/** A byte the loop bounds keep inside `a`; should they ever slip, that is refused rather than computed with as NaN. */
function byteAt(a: Uint8Array, i: number, what: string): number {
  const v = a[i];
  if (v === undefined) throw badInput(`Damaged PDF: ${what} is shorter than its predictor rows.`);
  return v;
}

const asList = (o: PdfObject | undefined): PdfObject[] => (o === undefined || o === null ? [] : Array.isArray(o) ? o : [o]);

function inflate(data: Uint8Array, what: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inf = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_DECODED_BYTES) throw badInput(`Refused: ${what} decompresses to more than ${MAX_DECODED_BYTES} bytes.`);
    chunks.push(chunk);
  });
  // Skip the zlib header when there is one; the Adler-32 trailer is not checked (viewers don't either).
  const [cmf, flg] = data;
  const hasZlibHeader = cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
  const body = hasZlibHeader ? data.subarray(2) : data;
  try {
    for (let off = 0; off < body.length; off += 65536) inf.push(body.subarray(off, off + 65536), off + 65536 >= body.length);
    if (body.length === 0) inf.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof Error && error.name === 'AffixError') throw error;
    // A truncated deflate stream still yields what was decoded; that is what viewers use too.
    if (total === 0) throw badInput(`Damaged PDF: ${what} cannot be decompressed (${String((error as Error).message ?? error)}).`);
  }
  // One chunk per 64 KiB of input, under MAX_DECODED_BYTES: few enough to spread as arguments.
  return concatBytes(...chunks);
}

function applyPredictor(data: Uint8Array, parms: PdfDict | undefined, what: string, resolve: (o: PdfObject | undefined) => PdfObject | undefined): Uint8Array {
  const num = (k: string, dflt: number): number => {
    const v = parms ? resolve(parms.get(k)) : undefined;
    return typeof v === 'number' ? v : dflt;
  };
  const predictor = num('Predictor', 1);
  if (predictor === 1) return data;
  const colors = num('Colors', 1);
  const bpc = num('BitsPerComponent', 8);
  const columns = num('Columns', 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (!(rowLen > 0 && rowLen < 1 << 20)) throw badInput(`Damaged PDF: ${what} has an impossible predictor row length.`);
  if (predictor === 2) {
    if (bpc !== 8) throw badInput(`Unsupported PDF: ${what} uses TIFF predictor with ${bpc} bits per component.`);
    const out = data.slice();
    for (let r = 0; r < out.length; r += rowLen) {
      for (let i = bpp; i < rowLen && r + i < out.length; i++) out[r + i] = (byteAt(out, r + i, what) + byteAt(out, r + i - bpp, what)) & 0xff;
    }
    return out;
  }
  if (predictor < 10) throw badInput(`Unsupported PDF: ${what} uses predictor ${predictor}.`);
  // PNG predictors: each row starts with its own filter-type byte.
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? byteAt(cur, i - bpp, what) : 0;
      const up = byteAt(prev, i, what);
      const upLeft = i >= bpp ? byteAt(prev, i - bpp, what) : 0;
      const x = byteAt(src, i, what);
      let v: number;
      switch (type) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + left;
          break;
        case 2:
          v = x + up;
          break;
        case 3:
          v = x + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw badInput(`Damaged PDF: ${what} has PNG filter type ${type}.`);
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let high = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out.push(high * 16 + v);
      high = -1;
    }
  }
  if (high >= 0) out.push(high * 16);
  return Uint8Array.from(out);
}
