/**
 * Revision counting for reports: the number of %%EOF markers, i.e. of
 * %%EOF-terminated revisions (a linearised file's first-page section counts,
 * as every tool that counts this way does).
 */
const EOF_MARKER = Buffer.from('%%EOF', 'latin1');

export function countRevisions(bytes: Uint8Array): number {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buf.indexOf(EOF_MARKER); i !== -1; i = buf.indexOf(EOF_MARKER, i + EOF_MARKER.length)) n++;
  return n;
}
