/**
 * Lets appearance code written for pdf-lib draw into our incremental update.
 * pdf-lib's own save() would rewrite the whole file (and break every earlier
 * signature), so the drawing happens in a scratch pdf-lib document whose
 * object numbers start where the update's next free number is; we then copy
 * only the objects reachable from the returned XObject, serialised by
 * pdf-lib, into the update. The scratch catalog and pages are never written.
 */
import { PDFArray, PDFDict, PDFDocument, PDFRef, PDFStream, type PDFObject } from '@cantoo/pdf-lib';
import { AffixError } from '../../../../shared/errors/affix-error';
import { PdfRef } from '../../../../shared/pdf/objects';
import type { IncrementalUpdate } from './incremental-update';

export interface AppearanceSize {
  width: number;
  height: number;
}

/** Draws a Form XObject of `size` into `doc` and returns its reference (the appearance service does this). */
export type DrawAppearance = (doc: PDFDocument, size: AppearanceSize) => Promise<PDFRef>;

export async function embedAppearance(update: IncrementalUpdate, draw: DrawAppearance, size: AppearanceSize): Promise<PdfRef> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const base = update.nextObjectNumber;
  doc.context.largestObjectNumber = base - 1;
  const root = await draw(doc, size);
  await doc.flush();
  const reachable = new Map<number, PDFObject>();
  const pending: PDFRef[] = [root];
  while (pending.length > 0) {
    const ref = pending.pop()!;
    if (reachable.has(ref.objectNumber)) continue;
    if (ref.objectNumber < base || ref.generationNumber !== 0) {
      throw new AffixError('INTERNAL', `the appearance refers to object ${ref.objectNumber}, which is not one it created`);
    }
    const obj = doc.context.lookup(ref);
    if (obj === undefined) throw new AffixError('INTERNAL', `the appearance refers to missing object ${ref.objectNumber}`);
    reachable.set(ref.objectNumber, obj);
    collectRefs(obj, pending);
  }
  const rootObj = reachable.get(root.objectNumber);
  if (!(rootObj instanceof PDFStream)) throw new AffixError('INTERNAL', 'the appearance is not a Form XObject stream');
  for (const [num, obj] of reachable) {
    const bytes = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(bytes, 0);
    update.setRaw(new PdfRef(num, 0), bytes);
  }
  update.reserveUpTo(doc.context.largestObjectNumber + 1);
  return new PdfRef(root.objectNumber, 0);
}

function collectRefs(obj: PDFObject, out: PDFRef[]): void {
  if (obj instanceof PDFRef) out.push(obj);
  else if (obj instanceof PDFDict) for (const [, v] of obj.entries()) collectRefs(v, out);
  else if (obj instanceof PDFArray) for (const v of obj.asArray()) collectRefs(v, out);
  else if (obj instanceof PDFStream) collectRefs(obj.dict, out);
}
