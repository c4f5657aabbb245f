/**
 * CSV (RFC 4180) for the batch data and the exported register. Records are
 * split on the bytes (the delimiters are ASCII, so UTF-8 text cannot hide
 * one) and each record is decoded on its own: a record that is not UTF-8 is
 * an error naming its line, and the other records still parse.
 *
 * Export (`csvCell`) neutralises spreadsheet formulas (OWASP "CSV
 * Injection"): a cell starting with = + - @, a tab or a carriage return gets
 * a leading apostrophe, so Excel, LibreOffice and Sheets show it as text.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvError {
  line: number;
  message: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Splits `bytes` into records; `maxField` bounds one field in bytes (longer ones are reported, not kept). */
export function parseCsv(bytes: Uint8Array, maxField = 64 * 1024): { records: CsvRecord[]; errors: CsvError[] } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (i < bytes.length) {
    const start = line;
    const raw: Uint8Array[] = [];
    let problem: string | null = null;
    let endOfRecord = false;
    while (!endOfRecord) {
      // One field.
      let field: Uint8Array;
      if (bytes[i] === QUOTE) {
        let j = i + 1;
        let closed = false;
        let n = 0;
        const pieces: Uint8Array[] = [];
        let from = j;
        while (j < bytes.length) {
          if (bytes[j] === QUOTE) {
            if (bytes[j + 1] === QUOTE) {
              pieces.push(bytes.subarray(from, j + 1));
              n += j + 1 - from;
              j += 2;
              from = j;
              continue;
            }
            closed = true;
            break;
          }
          if (bytes[j] === LF) line++;
          j++;
        }
        pieces.push(bytes.subarray(from, j));
        n += j - from;
        if (!closed) {
          problem ??= 'a quoted field is never closed';
          i = bytes.length;
          field = new Uint8Array(0);
        } else {
          i = j + 1;
          if (n > maxField) {
            problem ??= `a field is longer than ${maxField} bytes`;
            field = new Uint8Array(0);
          } else {
            field = new Uint8Array(n);
            let o = 0;
            for (const p of pieces) {
              field.set(p, o);
              o += p.length;
            }
          }
          if (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== CR && bytes[i] !== LF) {
            problem ??= 'text follows a closing quote';
            while (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== LF) i++;
          }
        }
      } else {
        const from = i;
        while (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== CR && bytes[i] !== LF) {
          if (bytes[i] === QUOTE) problem ??= 'a quote inside an unquoted field';
          i++;
        }
        if (i - from > maxField) {
          problem ??= `a field is longer than ${maxField} bytes`;
          field = new Uint8Array(0);
        } else field = bytes.subarray(from, i);
      }
      raw.push(field);
      if (i >= bytes.length) endOfRecord = true;
      else if (bytes[i] === COMMA) i++;
      else {
        if (bytes[i] === CR) i++;
        if (bytes[i] === LF) i++;
        line++;
        endOfRecord = true;
      }
    }
    if (raw.length === 1 && raw[0]?.length === 0 && !problem) continue; // blank line
    if (problem) {
      errors.push({ line: start, message: problem });
      continue;
    }
    try {
      records.push({ line: start, fields: raw.map((f) => decoder.decode(f)) });
    } catch {
      errors.push({ line: start, message: 'the line is not UTF-8 text (save the file as UTF-8)' });
    }
  }
  return { records, errors };
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One exported cell: formula triggers neutralised, quoted when needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(',') + '\r\n';
