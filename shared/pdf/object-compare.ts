/**
 * Structural comparison of PDF objects and the references they hold, for
 * comparing two revisions of one document.
 */
import { PdfDict, PdfName, PdfRaw, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';

export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 100 || a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName || b instanceof PdfName) return false; // interned: equal names are ===
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && sameBytes(a.bytes, b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameObject(x, b[i], depth + 1));
  if (a instanceof PdfDict) return b instanceof PdfDict && sameDict(a, b, depth);
  if (a instanceof PdfStream) return b instanceof PdfStream && sameDict(a.dict, b.dict, depth, 'Length') && sameBytes(a.data, b.data);
  if (a instanceof PdfRaw) return b instanceof PdfRaw && sameBytes(a.bytes, b.bytes);
  return false;
}

function sameDict(a: PdfDict, b: PdfDict, depth: number, ignore?: string): boolean {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) if (k !== ignore && !sameObject(a.get(k), b.get(k), depth + 1)) return false;
  return true;
}

/** Keys whose values differ between two dictionaries (added, removed or changed). */
export function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !sameObject(a.get(k), b.get(k)));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Object numbers referenced directly by `o` (not following references). */
export function referencesIn(o: PdfObject | undefined, out: number[] = [], depth = 0): number[] {
  if (depth > 100 || o === null || o === undefined || typeof o !== 'object') return out;
  if (o instanceof PdfRef) out.push(o.num);
  else if (Array.isArray(o)) for (const x of o) referencesIn(x, out, depth + 1);
  else if (o instanceof PdfDict) for (const v of o.map.values()) referencesIn(v, out, depth + 1);
  else if (o instanceof PdfStream) referencesIn(o.dict, out, depth + 1);
  return out;
}
