import { badInput } from '../../../../shared/errors/affix-error';

/**
 * Decodes the base64 a window sends. Node's decoder silently skips characters
 * outside the alphabet, which would turn a damaged upload into different
 * bytes; this refuses anything but canonical (padded) base64, ignoring only
 * line breaks and spaces. (Plain scans, not one anchored pattern: uploads run
 * to hundreds of megabytes.)
 */
export function decodeBase64(text: string, name: string): Buffer {
  const compact = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  const body = compact.replace(/={1,2}$/, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || /[^A-Za-z0-9+/]/.test(body)) {
    throw badInput(`${name}: the file content is not valid base64.`);
  }
  return Buffer.from(compact, 'base64');
}
