/**
 * The Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1
 * PAdES B-LT): certificates and CRLs added after signing so the document
 * carries what long-term validation needs. Read leniently and boundedly: a
 * damaged entry is skipped and reported, never fatal to the verification.
 */
import { PdfDict, PdfStream } from '../pdf/objects';
import type { PdfReader } from '../pdf/reader';

/** Far beyond any real DSS; bounds the work a crafted file can demand. */
const MAX_ITEMS = 1000;

export interface DssContents {
  certs: Uint8Array[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  problems: string[];
}

export function readDss(reader: PdfReader): DssContents {
  const out: DssContents = { certs: [], crls: [], ocsps: [], problems: [] };
  let dss;
  try {
    dss = reader.resolve(reader.catalog().get('DSS'));
  } catch (error) {
    out.problems.push(`the DSS cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    return out;
  }
  if (!(dss instanceof PdfDict)) return out;
  for (const [key, into] of [
    ['Certs', out.certs],
    ['CRLs', out.crls],
    ['OCSPs', out.ocsps],
  ] as const) {
    const list = reader.resolve(dss.get(key));
    if (!Array.isArray(list)) continue;
    for (const item of list.slice(0, MAX_ITEMS)) {
      try {
        const s = reader.resolve(item);
        if (s instanceof PdfStream) into.push(reader.streamData(s, `DSS /${key}`));
      } catch (error) {
        out.problems.push(`a DSS /${key} entry cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return out;
}
