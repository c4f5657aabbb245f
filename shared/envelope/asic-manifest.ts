/**
 * ASiCManifest (ETSI EN 319 162-1 §A.4): the document a CAdES signature in an
 * ASiC-E container signs, listing each signed member with its SHA-256. And
 * the OpenDocument META-INF/manifest.xml listing every member (§A.1).
 * Affix writes these in one fixed layout and reads back only that layout —
 * anything else (another order, a DOCTYPE, entities, unknown elements) is
 * refused rather than interpreted.
 */
import { AffixError } from '../errors/affix-error';

export interface ManifestReference {
  uri: string;
  mimeType: string;
  /** SHA-256, base64. */
  digest: string;
}

const SHA256_URI = 'http://www.w3.org/2001/04/xmlenc#sha256';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unesc = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');

export function asicManifestXml(signature: string, refs: readonly ManifestReference[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
    `<asic:SigReference URI="${esc(signature)}" MimeType="application/pkcs7-signature"/>`,
    ...refs.map(
      (r) =>
        `<asic:DataObjectReference URI="${esc(r.uri)}" MimeType="${esc(r.mimeType)}"><ds:DigestMethod Algorithm="${SHA256_URI}"/><ds:DigestValue>${r.digest}</ds:DigestValue></asic:DataObjectReference>`,
    ),
    '</asic:ASiCManifest>',
    '',
  ].join('\n');
}

export function parseAsicManifest(xml: string, where: string): { signature: string; refs: ManifestReference[] } {
  const fail = (why: string): never => {
    throw new AffixError('BAD_INPUT', `${where} is not an ASiCManifest Affix can read: ${why}. Nothing was imported.`);
  };
  const lines = xml.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (
    lines[0] !== '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' ||
    !lines[1]?.startsWith('<asic:ASiCManifest ') ||
    lines.at(-1) !== '</asic:ASiCManifest>'
  )
    fail('unexpected layout');
  const signature = /^<asic:SigReference URI="([^"<>]*)" MimeType="application\/pkcs7-signature"\/>$/.exec(lines[2] ?? '')?.[1];
  if (signature === undefined) return fail('no SigReference');
  const refs = lines.slice(3, -1).map((line) => {
    const m =
      /^<asic:DataObjectReference URI="([^"<>]*)" MimeType="([^"<>]*)"><ds:DigestMethod Algorithm="([^"<>]*)"\/><ds:DigestValue>([A-Za-z0-9+/=]{44})<\/ds:DigestValue><\/asic:DataObjectReference>$/.exec(
        line,
      );
    const [, uri, mimeType, method, digest] = m ?? [];
    if (uri === undefined || mimeType === undefined || method === undefined || digest === undefined) {
      return fail(`unexpected line ${JSON.stringify(line.slice(0, 60))}`);
    }
    if (method !== SHA256_URI) fail(`digest method ${method} (only SHA-256 is accepted)`);
    return { uri: unesc(uri), mimeType: unesc(mimeType), digest };
  });
  return { signature: unesc(signature), refs };
}

export function odfManifestXml(members: readonly { path: string; mimeType: string }[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">',
    ' <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.etsi.asic-e+zip"/>',
    ...members.map((m) => ` <manifest:file-entry manifest:full-path="${esc(m.path)}" manifest:media-type="${esc(m.mimeType)}"/>`),
    '</manifest:manifest>',
    '',
  ].join('\n');
}

/** The member paths META-INF/manifest.xml lists (besides "/"). */
export function odfManifestPaths(xml: string): string[] {
  return [...xml.matchAll(/manifest:full-path="([^"<>]*)"/g)].flatMap(([, path]) => (path === undefined || path === '/' ? [] : [unesc(path)]));
}
