import { notPdf } from '../../../../shared/errors/explained';
import { badInput } from '../../../../shared/errors/affix-error';

/** Refuses files that are not PDFs before anything stores them. */
export function assertLooksLikePdf(bytes: Uint8Array, name: string): void {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw notPdf(name);
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) throw badInput(`${name} is truncated or damaged: no %%EOF marker at its end.`);
}
