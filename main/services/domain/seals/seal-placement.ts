/**
 * Where `seals.sign` (`affix seal sign`, which takes no placement) puts the
 * seal: the lower right of the last page, where a party's seal goes on a
 * Chinese contract. `affix sign --key SEAL_ID` places it anywhere else.
 */
import type { PlacementSpec } from '../../../../shared/contract/signing';
import { badInput } from '../../../../shared/errors/affix-error';
import { PdfReader } from '../../../../shared/pdf/reader';
import { readWholeFile } from '../../core/fs/input-file';

/** Distance from the page edges, in points (half an inch). */
const MARGIN = 36;

export function lastPageCorner(inputPath: string, [width, height]: [number, number]): PlacementSpec {
  const pages = PdfReader.open(readWholeFile(inputPath), inputPath).pages();
  const last = pages.at(-1);
  if (!last) throw badInput(`${inputPath} has no pages to seal.`);
  const [x0, y0, x1] = last.cropBox;
  return { page: pages.length, rect: [Math.max(x0, x1 - MARGIN - width), y0 + MARGIN, width, height] };
}
